package io.anneal.web;

import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Describes a server-sent event stream as the text it is, not as the emitter object that writes it. */
@Configuration(proxyBeanMethods = false)
class EventStreamSchemas {

    static {
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class,
                new StringSchema().description("server-sent events: lines of id:, event: and data: (JSON)"));
    }
}
