package io.junction.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.security.ApiKeyFilter;
import io.junction.platform.security.ApiKeys;
import io.junction.platform.security.ProblemResponses;
import io.junction.platform.security.Roles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what. The operations surface needs a login: {@value Roles#VIEWER} reads (Hawtio, metrics, the journal, the
 * DLQs), {@value Roles#OPERATOR} also changes things (stops routes; retries, discards and replays messages). The JMX side
 * of that split is {@link JolokiaAccess}. The APIs under /api (customer data included) take the same logins or an API
 * key with one of the two roles (docs/security.md). The health probes stay open, and so do the webhooks: each proves
 * itself by its signature, without a login and without CSRF tokens (nobody posts them from a browser session).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class OpsSecurity {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /**
     * The webhooks (storefront, carrier, CRM): each proves itself by its own signature, so no login, session, CSRF token
     * or cookie; a chain of their own keeps the browser machinery below off every incoming message (docs/performance.md).
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(OpsSecurity::beforeTheAnswer)
                .build();
    }

    /**
     * Every API under /api (the customer view, service cases, the blacklist flag, the CRM outbox, operations): a login
     * (HTTP Basic) or an API key ({@link ApiKeyFilter}); stateless, so no session cookie a browser could be tricked into
     * sending. Reading needs {@value Roles#VIEWER}, changing anything {@value Roles#OPERATOR}. Refusals are problems: anonymous or
     * a wrong login or key 401 (with WWW-Authenticate), a reader acting 403.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ObjectMapper json) throws Exception {
        ProblemResponses problems = ProblemResponses.forApi(json);
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        .requestMatchers(HttpMethod.HEAD, "/api/**")
                        .hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        .anyRequest()
                        .hasRole(Roles.OPERATOR))
                .addFilterAfter(new ApiKeyFilter(keys, problems), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(OpsSecurity::beforeTheAnswer)
                .build();
    }

    /** Everything else: Hawtio and the actuator behind a login (probes open). */
    @Bean
    @Order(2)
    SecurityFilterChain hubSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        ProblemResponses problems = ProblemResponses.forLogins(json);
        return http.authorizeHttpRequests(auth -> auth
                        // the probes and the components' health (the same as /actuator/health's details; prod hides
                        // those)
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        // what is left: the login form and the OpenAPI document (/api/** and /webhooks/** have chains
                        // above)
                        .anyRequest()
                        .permitAll())
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                // a browser is sent to the login form (Hawtio's pages); anything else (curl, Prometheus, scripts) gets
                // a
                // 401 problem; a refused CSRF token is a 403 problem
                .exceptionHandling(
                        e -> e.defaultAuthenticationEntryPointFor(problems, request -> !accepts(request, "text/html"))
                                .accessDeniedHandler(problems))
                // CSRF tokens only where a browser session acts (Hawtio, the login form); webhooks and APIs never have
                // one.
                // Hawtio is a single-page app: it reads the token from the XSRF-TOKEN cookie and echoes it in a header.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new AndRequestMatcher(
                                request -> !SAFE_METHODS.contains(request.getMethod()),
                                new OrRequestMatcher(
                                        new AntPathRequestMatcher("/actuator/**"),
                                        new AntPathRequestMatcher("/login"),
                                        new AntPathRequestMatcher("/logout"))))
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler()))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }

    /**
     * The security headers (nosniff, no-cache, frame options) written before the request goes on, not as the filter
     * chain returns (Spring Security's default), on the chains of Camel's routes (webhooks, /api). A route answers on a
     * thread of its own (platform-http hands the request over and returns), so a header written as the chain returned
     * could land while the route wrote its own: Tomcat's header list is not thread-safe, and a 503 lost its Retry-After
     * that way (its value under another name). Hawtio and the actuator answer on the request's thread and keep the
     * default, which leaves out no-cache where a response sets its own caching.
     */
    private static void beforeTheAnswer(HeadersConfigurer<HttpSecurity> headers) {
        headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
            @Override
            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        });
    }

    @Bean
    UserDetailsService opsUsers(OpsProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername(properties.viewer().user())
                        .password(encoder.encode(properties.viewer().password()))
                        .roles(Roles.VIEWER)
                        .build(),
                User.withUsername(properties.operator().user())
                        .password(encoder.encode(properties.operator().password()))
                        .roles(Roles.OPERATOR, Roles.VIEWER)
                        .build());
    }

    private static boolean accepts(HttpServletRequest request, String mediaType) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(mediaType);
    }

    /** Accepts the raw token from the header (what the SPA sends) and the masked one from a form. */
    static final class SpaCsrfTokenRequestHandler extends CsrfTokenRequestAttributeHandler {

        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token)
                    : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the deferred token on every request, so the XSRF-TOKEN cookie is there before the SPA's first POST. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
