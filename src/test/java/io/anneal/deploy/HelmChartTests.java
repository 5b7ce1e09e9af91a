package io.anneal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anneal.deploy.Manifests.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart in helm/anneal, linted and rendered by Helm itself (its Java binding, no helm binary). */
class HelmChartTests {

    private static final Path CHART = Path.of("helm", "anneal");
    private static final String DATABASE_URL = "jdbc:postgresql://postgres.db:5432/anneal";

    @Test
    void theChartPassesStrictLint() {
        assertThat(IsolatedHelm.strictLint(CHART).get()).isEmpty();
    }

    @Test
    void renderingWithoutADatabaseUrlFailsAndNamesTheMissingValue() {
        assertThatThrownBy(() -> IsolatedHelm.template(CHART).apply(Map.of()))
                .hasMessageContaining("database.url is required");
    }

    @Test
    void theDeploymentProbesTheHealthGroupsOnTheManagementPort() {
        Manifests manifests = render();
        Node container = container(manifests);

        assertThat(container.at("ports", "0").map()).containsEntry("name", "http").containsEntry("containerPort", 8080);
        assertThat(container.at("ports", "1").map()).containsEntry("name", "management")
                .containsEntry("containerPort", 8081);
        assertThat(manifests.get("ConfigMap").at("data").map()).containsEntry("MANAGEMENT_SERVER_PORT", "8081");
        assertThat(container.at("livenessProbe", "httpGet").map()).containsEntry("path", "/actuator/health/liveness")
                .containsEntry("port", "management");
        assertThat(container.at("readinessProbe", "httpGet").map())
                .containsEntry("path", "/actuator/health/readiness").containsEntry("port", "management");
        assertThat(container.at("startupProbe", "httpGet", "path").string()).isEqualTo("/actuator/health/liveness");
        int startupSeconds = (int) container.at("startupProbe", "periodSeconds").value()
                * (int) container.at("startupProbe", "failureThreshold").value();
        assertThat(startupSeconds).as("time allowed to load the native libraries").isGreaterThanOrEqualTo(180);
    }

    @Test
    void thePodRunsAsTheImagesNonRootUserWithoutPrivileges() {
        Manifests manifests = render();
        Node pod = manifests.get("Deployment").at("spec", "template", "spec");
        Node container = container(manifests);

        assertThat(pod.at("securityContext").map()).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001).containsEntry("fsGroup", 10001);
        assertThat(container.at("securityContext").map()).containsEntry("allowPrivilegeEscalation", false);
        assertThat(container.at("securityContext", "capabilities", "drop").list()).containsExactly("ALL");
    }

    @Test
    void theDatabaseComesFromTheConfigMapAndItsPasswordFromTheChartsSecret() {
        Manifests manifests = render("database.password", "s3cret");
        Node container = container(manifests);
        String name = manifests.get("Deployment").at("metadata", "name").string();

        assertThat(manifests.get("ConfigMap").at("data").map()).containsEntry("SPRING_DATASOURCE_URL", DATABASE_URL)
                .containsEntry("SPRING_DATASOURCE_USERNAME", "anneal")
                .containsEntry("ANNEAL_DATABASE_EMBEDDED_ENABLED", "false").containsEntry("OMP_NUM_THREADS", "1")
                .containsEntry("ANNEAL_DATA_ROOT", "/var/lib/anneal/data")
                .containsEntry("ANNEAL_ARTIFACTS_ROOT", "/var/lib/anneal/artifacts")
                .containsEntry("ANNEAL_CHECKPOINTS_ROOT", "/var/lib/anneal/checkpoints")
                .doesNotContainKey("ANNEAL_WORKERS");
        assertThat(container.at("envFrom", "0", "configMapRef", "name").string()).isEqualTo(name);
        assertThat(container.at("env", "0").map()).containsEntry("name", "SPRING_DATASOURCE_PASSWORD");
        assertThat(container.at("env", "0", "valueFrom", "secretKeyRef").map()).containsEntry("name", name)
                .containsEntry("key", "password");
        assertThat(manifests.get("Secret").at("data", "password").string()).isEqualTo("czNjcmV0");
    }

    @Test
    void anExistingSecretReplacesTheChartsOwn() {
        Manifests manifests = render("database.existingSecret", "postgres-credentials",
                "database.existingSecretPasswordKey", "postgres-password");

        assertThat(manifests.find("Secret")).isEmpty();
        assertThat(container(manifests).at("env", "0", "valueFrom", "secretKeyRef").map())
                .containsEntry("name", "postgres-credentials").containsEntry("key", "postgres-password");
    }

    @Test
    void theFirstAdminKeyComesFromTheChartsSecretOrAnExistingOne() {
        Manifests given = render("auth.adminKey", "a-key-of-at-least-twenty");
        String name = given.get("Deployment").at("metadata", "name").string();
        assertThat(container(given).at("env", "1").map()).containsEntry("name", "ANNEAL_ADMIN_KEY");
        assertThat(container(given).at("env", "1", "valueFrom", "secretKeyRef").map()).containsEntry("name", name)
                .containsEntry("key", "admin-key");
        assertThat(given.get("Secret").at("data", "admin-key").string()).isEqualTo("YS1rZXktb2YtYXQtbGVhc3QtdHdlbnR5");

        Manifests unset = render();
        assertThat(unset.get("Secret").at("data").map()).containsOnlyKeys("password");
        assertThat(container(unset).at("env").list()).hasSize(2);
        assertThat(container(unset).at("env", "1").map()).containsEntry("name", "ANNEAL_EXECUTION_REPLICA");
        assertThat(container(unset).at("env", "1", "valueFrom", "fieldRef").map())
                .containsEntry("fieldPath", "metadata.name");

        Manifests existing = render("auth.existingSecret", "anneal-keys", "auth.existingSecretKey", "first",
                "database.existingSecret", "postgres-credentials");
        assertThat(existing.find("Secret")).isEmpty();
        assertThat(container(existing).at("env", "1", "valueFrom", "secretKeyRef").map())
                .containsEntry("name", "anneal-keys").containsEntry("key", "first");
    }

    @Test
    void aChangedConfigurationChangesThePodChecksumSoPodsRestart() {
        String defaults = checksum(render());
        String fourWorkers = checksum(render("config.workers", 4));

        assertThat(defaults).matches("[0-9a-f]{64}");
        assertThat(fourWorkers).isNotEqualTo(defaults);
    }

    @Test
    void byDefaultThePodHasACpuLimitAndTheWorkersFollowIt() {
        Manifests manifests = render();
        Node resources = container(manifests).at("resources");

        assertThat(resources.at("requests").map()).containsEntry("cpu", "1").containsEntry("memory", "2Gi");
        assertThat(resources.at("limits").map()).as("the JVM sees the limit as its CPUs, one worker each")
                .containsEntry("cpu", "2").containsEntry("memory", "4Gi");
        assertThat(manifests.get("ConfigMap").at("data").map()).doesNotContainKey("ANNEAL_WORKERS");
    }

    @Test
    void workersAreSetOnlyWhenGivenAndZeroMakesAnApiOnlyReplica() {
        assertThat(render("config.workers", "null").get("ConfigMap").at("data").map())
                .doesNotContainKey("ANNEAL_WORKERS");
        assertThat(render("config.workers", 0).get("ConfigMap").at("data").map())
                .containsEntry("ANNEAL_WORKERS", "0");
        assertThat(render("config.workers", 4).get("ConfigMap").at("data").map())
                .containsEntry("ANNEAL_WORKERS", "4");
    }

    @Test
    void theStateVolumeIsAClaimOfTheChartMountedAtVarLibAnneal() {
        Manifests manifests = render();
        Node pvc = manifests.get("PersistentVolumeClaim");

        assertThat(pvc.at("spec", "accessModes").list()).containsExactly("ReadWriteOnce");
        assertThat(container(manifests).at("volumeMounts").list()).contains(Map.of("name", "state",
                "mountPath", "/var/lib/anneal"));
        assertThat(manifests.get("Deployment").at("spec", "template", "spec", "volumes", "0").map())
                .containsEntry("persistentVolumeClaim", Map.of("claimName", pvc.at("metadata", "name").value()));
    }

    @Test
    void severalReplicasNeedStorageEveryReplicaReads() {
        assertThatThrownBy(() -> render("replicaCount", 2)).as("the default ReadWriteOnce volume")
                .hasMessageContaining("replicaCount=2 with storage.mode=filesystem needs one volume every replica mounts")
                .hasMessageContaining("persistence.accessModes={ReadWriteMany}").hasMessageContaining("storage.mode=s3");
        assertThatThrownBy(() -> render("replicaCount", 3, "persistence.enabled", false))
                .as("a volume of each pod's own").hasMessageContaining("needs one volume every replica mounts");
        assertThatThrownBy(() -> render("replicaCount", 2, "storage.mode", "s3", "storage.s3.bucket", "models"))
                .hasMessageContaining("cannot share a ReadWriteOnce volume");
        assertThatThrownBy(() -> render("storage.mode", "s3")).hasMessageContaining("needs storage.s3.bucket");
        assertThatThrownBy(() -> render("storage.mode", "nfs")).hasMessageContaining("filesystem or s3");

        Manifests shared = render("replicaCount", 3, "persistence.accessModes[0]", "ReadWriteMany");
        assertThat(shared.get("Deployment").at("spec", "replicas").value()).isEqualTo(3);
        assertThat(shared.get("PersistentVolumeClaim").at("spec", "accessModes").list()).containsExactly("ReadWriteMany");
        assertThat(shared.get("ConfigMap").at("data").map()).containsEntry("ANNEAL_STORAGE_MODE", "filesystem")
                .doesNotContainKey("ANNEAL_STORAGE_S3_BUCKET");
        assertThat(render("replicaCount", 4, "storage.mode", "s3", "storage.s3.bucket", "models",
                "persistence.enabled", false).get("Deployment").at("spec", "replicas").value()).isEqualTo(4);
    }

    @Test
    void s3StorageTakesItsBucketFromTheConfigMapAndItsKeysFromASecret() {
        Manifests manifests = render("storage.mode", "s3", "storage.s3.bucket", "anneal-models", "storage.s3.prefix",
                "team-a/", "storage.s3.endpoint", "http://minio.storage:9000", "storage.s3.pathStyle", true,
                "storage.s3.accessKey", "AKIAEXAMPLE", "storage.s3.secretKey", "wJalrXUtnFEMI");
        String name = manifests.get("Deployment").at("metadata", "name").string();
        assertThat(manifests.get("ConfigMap").at("data").map()).containsEntry("ANNEAL_STORAGE_MODE", "s3")
                .containsEntry("ANNEAL_STORAGE_S3_BUCKET", "anneal-models")
                .containsEntry("ANNEAL_STORAGE_S3_PREFIX", "team-a/")
                .containsEntry("ANNEAL_STORAGE_S3_ENDPOINT", "http://minio.storage:9000")
                .containsEntry("ANNEAL_STORAGE_S3_PATHSTYLE", "true")
                .containsEntry("ANNEAL_STORAGE_SCRATCH", "/tmp/anneal-storage")
                .doesNotContainKeys("ANNEAL_STORAGE_S3_ACCESSKEY", "ANNEAL_STORAGE_S3_SECRETKEY");
        Node env = container(manifests).at("env");
        assertThat(env.at("2").map()).containsEntry("name", "ANNEAL_STORAGE_S3_ACCESSKEY");
        assertThat(env.at("2", "valueFrom", "secretKeyRef").map()).containsEntry("name", name)
                .containsEntry("key", "s3-access-key");
        assertThat(env.at("3", "valueFrom", "secretKeyRef").map()).containsEntry("name", name)
                .containsEntry("key", "s3-secret-key");
        assertThat(manifests.get("Secret").at("data", "s3-access-key").string()).isEqualTo("QUtJQUVYQU1QTEU=");

        Manifests existing = render("storage.mode", "s3", "storage.s3.bucket", "anneal-models",
                "storage.s3.existingSecret", "minio-credentials", "storage.s3.accessKeyKey", "user");
        assertThat(container(existing).at("env", "2", "valueFrom", "secretKeyRef").map())
                .containsEntry("name", "minio-credentials").containsEntry("key", "user");
        assertThat(existing.get("Secret").at("data").map()).doesNotContainKey("s3-access-key");

        Manifests chain = render("storage.mode", "s3", "storage.s3.bucket", "anneal-models");
        assertThat(container(chain).at("env").list()).as("the default AWS credential chain").hasSize(2);
        assertThatThrownBy(() -> render("storage.mode", "s3", "storage.s3.bucket", "b", "storage.s3.accessKey", "only"))
                .hasMessageContaining("go together");
    }

    @Test
    void byDefaultThePodAsksForNoGpuAndRunsTheCpuImage() {
        Manifests manifests = render();
        Node container = container(manifests);

        assertThat(container.at("image").string()).isEqualTo("anneal:0.1.0");
        assertThat(container.at("resources", "limits").map()).doesNotContainKey("nvidia.com/gpu");
        assertThat(manifests.get("Deployment").at("spec", "template", "spec").map()).doesNotContainKey("tolerations");
    }

    @Test
    void withGpusEnabledThePodAsksForThemAndRunsTheCudaImage() {
        Manifests manifests = render("gpu.enabled", true, "gpu.count", 2);
        Node container = container(manifests);

        assertThat(container.at("image").string()).isEqualTo("anneal:0.1.0-cuda");
        assertThat(container.at("resources", "limits").map()).containsEntry("nvidia.com/gpu", 2)
                .containsEntry("memory", "4Gi");
        assertThat(manifests.get("Deployment").at("spec", "template", "spec", "tolerations", "0").map())
                .containsEntry("key", "nvidia.com/gpu");
    }

    @Test
    void aServiceMonitorScrapesThePrometheusEndpointOnlyWhenEnabled() {
        assertThat(render().find("ServiceMonitor")).isEmpty();

        Node monitor = render("metrics.serviceMonitor.enabled", true).get("ServiceMonitor");
        assertThat(monitor.at("apiVersion").string()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("spec", "endpoints", "0").map()).containsEntry("port", "management")
                .containsEntry("path", "/actuator/prometheus");
    }

    @Test
    void theDashboardsConfigMapCarriesTheSidecarLabelAndBothDashboardsUnchanged() throws IOException {
        assertThat(render().all("ConfigMap")).hasSize(1);

        Node dashboards = render("dashboards.enabled", true).all("ConfigMap").stream()
                .filter(map -> map.at("metadata", "name").string().endsWith("-dashboards")).findFirst().orElseThrow();
        assertThat(dashboards.at("metadata", "labels").map()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboards.at("data").map()).containsOnlyKeys("anneal-overview.json", "anneal-training.json");
        for (String file : dashboards.at("data").map().keySet()) {
            assertThat(dashboards.at("data", file).string()).isEqualTo(Files.readString(CHART.resolve("dashboards")
                    .resolve(file)));
        }
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        Manifests manifests = render("metrics.serviceMonitor.enabled", true, "dashboards.enabled", true);

        assertThat(manifests.objects()).isNotEmpty().allSatisfy(object -> assertThat(new Node(object)
                .at("metadata", "labels").map()).containsEntry("app.kubernetes.io/name", "anneal")
                .containsEntry("app.kubernetes.io/instance", "anneal")
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/version", "0.1.0").containsEntry("helm.sh/chart", "anneal-0.1.0"));
    }

    /** Renders the chart with database.url and further --set key / value pairs. */
    private static Manifests render(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("database.url", DATABASE_URL);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Manifests.parse(IsolatedHelm.template(CHART).apply(values));
    }

    private static Node container(Manifests manifests) {
        return manifests.get("Deployment").at("spec", "template", "spec", "containers", "0");
    }

    private static String checksum(Manifests manifests) {
        return manifests.get("Deployment").at("spec", "template", "metadata", "annotations", "checksum/config")
                .string();
    }
}
