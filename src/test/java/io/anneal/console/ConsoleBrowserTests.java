package io.anneal.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.Browser;
import io.anneal.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in headless Chromium against the whole service: what a person does in it, with the
 * page's own console checked for errors and a screenshot of each page under target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConsoleBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void signIn() {
        browser = Browser.start(1280, 900);
        wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        browser.get(base() + "/");
        wait.until(page -> page.findElement(By.id("api-key"))).sendKeys(TestKeys.ADMIN);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(page -> page.findElement(By.id("who")).getText().contains("default"));
    }

    @AfterEach
    void noConsoleErrors() {
        try {
            // a refused request (the validation test's 4xx) is logged by the browser itself; the page's own errors are not
            assertThat(Browser.consoleErrors(browser)).as("errors in the page's console")
                    .filteredOn(message -> !message.matches(".*Failed to load resource: the server responded with a status of 4\\d\\d.*"))
                    .isEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    void aJobSubmittedThroughTheFormTrainsWhileItsLossChartGrowsAndACancelFromThePageEndsIt() throws Exception {
        browser.get(base() + "/#/submit");
        WebElement units = wait.until(page -> page.findElement(By.id("f-model-hiddenUnits")));
        units.clear();
        units.sendKeys("-5");
        browser.findElement(By.id("submit-job")).click();
        WebElement error = wait.until(page -> page.findElement(By.id("f-model-hiddenUnits-error")));
        wait.until(page -> !error.getText().isBlank());
        assertThat(units.getAttribute("aria-invalid")).isEqualTo("true");

        setValue("f-name", "watched in a browser");
        setValue("f-model-hiddenUnits", "32");
        browser.findElement(By.id("f-training-epochs")).clear();
        setValue("f-training-maxSteps", "1000000");
        setValue("f-training-batchSize", "16");
        new Select(browser.findElement(By.id("f-dataset"))).selectByValue("mnist-10k");
        browser.findElement(By.id("submit-job")).click();
        wait.until(page -> page.getCurrentUrl().contains("#/jobs/"));
        WebElement loss = wait.until(page -> page.findElement(By.id("chart-loss")));
        wait.until(page -> points(loss) > 0);
        int seen = points(loss);
        wait.until(page -> points(loss) > seen + 10);
        wait.until(page -> page.findElement(By.cssSelector("#job-header .status")).getText().equals("RUNNING"));
        Browser.screenshot(browser, "job");

        wait.until(page -> {
            page.findElement(By.id("cancel-job")).click(); // the header is drawn anew with each status event
            return true;
        });
        wait.until(page -> page.findElement(By.cssSelector("#job-header .status")).getText().equals("CANCELLED"));
        browser.get(base() + "/#/jobs");
        WebElement row = wait.until(page -> page.findElement(By.cssSelector("#jobs tbody tr")));
        assertThat(row.getText()).contains("watched in a browser").contains("CANCELLED");
        Browser.screenshot(browser, "jobs");
    }

    @Test
    void anExperimentPageShowsItsTableAndEveryRunsCurveOverlaid() throws Exception {
        String id = JSON.readTree(post("/api/v1/experiments", """
                {"name": "noise or not", "baseSpec": {"dataset": "mnist-10k",
                 "model": {"hiddenLayers": 2, "hiddenUnits": 32}, "optimizer": {"learningRate": 0.05},
                 "training": {"maxSteps": 300, "batchSize": 32}},
                 "grid": {"gradientNoise": [null, {"eta": 0.01}]}, "seeds": [1, 2]}""")).get("id").asString();
        browser.get(base() + "/#/experiments/" + id);
        wait.until(page -> page.findElement(By.cssSelector("#experiment-status, .toolbar .status")).getText()
                .equals("DONE") || reload(page));
        assertThat(browser.findElements(By.cssSelector("#cells tbody tr"))).hasSize(2);
        WebElement overlay = wait.until(page -> page.findElement(By.id("overlay")));
        wait.until(page -> "4".equals(overlay.getAttribute("data-series")));
        assertThat(browser.findElement(By.id("overlay-legend")).getText()).contains("gradientNoise");
        Browser.screenshot(browser, "experiment");
    }

    @Test
    void onAPhoneThePagesFitTheScreen() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        java.util.Map<String, String> titles = java.util.Map.of("#/jobs", "Jobs", "#/submit", "Submit a job",
                "#/experiments", "Experiments");
        for (String page : new String[] {"#/jobs", "#/submit", "#/experiments"}) {
            browser.get(base() + "/" + page);
            wait.until(driver -> driver.findElement(By.cssSelector("main h1")).getText().equals(titles.get(page)));
            Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow.intValue()).as("horizontal overflow of %s", page).isLessThanOrEqualTo(0);
        }
        Browser.screenshot(browser, "submit-phone");
    }

    private boolean reload(WebDriver page) {
        page.navigate().refresh();
        return false;
    }

    private void setValue(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static int points(WebElement chart) {
        String points = chart.getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String post(String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }
}
