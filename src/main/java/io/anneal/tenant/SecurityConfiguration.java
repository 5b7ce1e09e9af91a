package io.anneal.tenant;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Everything under {@code /api/} needs a key: viewers read (and ask a model for
 * predictions and evaluations, which change nothing), members also submit, change and delete within
 * their tenant, admins also manage tenants and keys. Health probes, the API description and the
 * console's static files are open. The other actuator endpoints (metrics, and any an operator exposes)
 * need an admin key on the service's port unless asked for on the management port; Prometheus's may be
 * opened by configuration. No sessions, no cookies, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiKeyProperties.class, QuotaProperties.class})
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyVerifier verifier, Quotas quotas,
            RequestRateLimiter limiter, SecurityAnswers answers, ApiKeyProperties properties, Environment env)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable).httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable).logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(verifier, quotas, limiter, answers,
                        properties.anonymousRole()),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(answers::unauthenticated)
                        .accessDeniedHandler(answers::forbidden))
                .authorizeHttpRequests(rules -> rules
                        // a stream's completion and error pages: the request that opened them was authorised
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/tenants", "/api/v1/tenants/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/jobs/*/predictions", "/api/v1/jobs/*/evaluations")
                        .hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("MEMBER")
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/livez",
                                "/readyz").permitAll()
                        .requestMatchers("/actuator/prometheus")
                        .access(actuatorAccess(properties.openMetrics(), managementPort(env)))
                        .requestMatchers("/actuator", "/actuator/**").access(actuatorAccess(false, managementPort(env)))
                        .anyRequest().permitAll());
        return http.build();
    }

    /** Admins above members above viewers: a rule for a role admits every role above it. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.ADMIN.name()).implies(Role.MEMBER.name())
                .role(Role.MEMBER.name()).implies(Role.VIEWER.name()).build();
    }

    /** Open when configured so, on the management port, or to an admin key. */
    private static AuthorizationManager<RequestAuthorizationContext> actuatorAccess(boolean open, int managementPort) {
        return (authentication, context) -> {
            HttpServletRequest request = context.getRequest();
            boolean admin = authentication.get().getAuthorities().stream()
                    .anyMatch(authority -> authority.getAuthority().equals(Role.ADMIN.authority()));
            return new AuthorizationDecision(open || admin || request.getLocalPort() == managementPort);
        };
    }

    /** The management port when one of its own is configured, else -1 (no request arrives on it). */
    private static int managementPort(Environment env) {
        Integer management = env.getProperty("management.server.port", Integer.class);
        Integer server = env.getProperty("server.port", Integer.class, 8080);
        return management == null || management <= 0 || management.equals(server) ? -1 : management;
    }
}
