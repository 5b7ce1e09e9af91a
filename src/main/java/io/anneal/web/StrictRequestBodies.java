package io.anneal.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every JSON request body of the API as a tree first and checks it against the record it will
 * become ({@link JsonShapes}), so one 400 names every field of the wrong type, and nothing is coerced:
 * {@code 2.5} never trains as 2, {@code "2"} never counts as a number, {@code 3} never picks the fourth
 * activation. Bodies that are not JSON get a plain-words reason.
 */
@ControllerAdvice
class StrictRequestBodies extends RequestBodyAdviceAdapter {

    private final JsonMapper json;

    StrictRequestBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> type && type.isRecord()
                && type.getPackageName().startsWith("io.anneal.");
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = message.getBody().readAllBytes();
        if (body.length == 0 || new String(body, 0, Math.min(body.length, 64)).isBlank()) {
            return replay(message.getHeaders(), body);
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw InvalidRequestBodyException.notJson(JsonErrors.plain(e));
        }
        List<Problems.FieldError> errors = JsonShapes.check(tree, targetType);
        if (!errors.isEmpty()) {
            throw InvalidRequestBodyException.wrongShapes(errors);
        }
        return replay(message.getHeaders(), body);
    }

    private static HttpInputMessage replay(HttpHeaders headers, byte[] body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
