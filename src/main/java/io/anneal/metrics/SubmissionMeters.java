package io.anneal.metrics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Counts job submissions by outcome from the HTTP status of {@code POST /api/v1/jobs}. */
@Component
class SubmissionMeters implements HandlerInterceptor, WebMvcConfigurer {

    private final AnnealMeters meters;

    SubmissionMeters(AnnealMeters meters) {
        this.meters = meters;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/jobs");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        if (response.getStatus() < 300) {
            meters.submissionAccepted();
        } else if (response.getStatus() < 500) {
            meters.submissionRejected();
        }
    }
}
