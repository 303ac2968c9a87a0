package io.junction.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.failure.Failures;
import io.junction.platform.failure.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The refusals of the security chains as RFC 9457 problems, like every other error of the hub: 401 with the ways to
 * authenticate in {@code WWW-Authenticate} (a login by HTTP Basic, on /api also an API key as a Bearer token), 403
 * naming what is missing.
 */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String CHALLENGE = "Basic realm=\"junction\", Bearer realm=\"junction\"";
    static final String LOGIN_CHALLENGE = "Basic realm=\"junction\"";

    private final ObjectMapper json;
    private final boolean apiKeys;

    private ProblemResponses(ObjectMapper json, boolean apiKeys) {
        this.json = json;
        this.apiKeys = apiKeys;
    }

    /** For /api: a login or an API key. */
    public static ProblemResponses forApi(ObjectMapper json) {
        return new ProblemResponses(json, true);
    }

    /** For the operations surface (actuator, Hawtio's API): a login only. */
    public static ProblemResponses forLogins(ObjectMapper json) {
        return new ProblemResponses(json, false);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        response.setHeader("WWW-Authenticate", apiKeys ? CHALLENGE : LOGIN_CHALLENGE);
        String detail = apiKeys && (request.getHeader(ApiKeyFilter.HEADER) != null || bearer(request))
                ? "the API key is not valid"
                : request.getHeader("Authorization") != null
                        ? "the login is not valid"
                        : apiKeys
                                ? "log in (HTTP Basic) or send an API key (X-Api-Key or Authorization: Bearer)"
                                : "log in (HTTP Basic, or the login form in a browser)";
        write(json, response, new ProblemException(401, "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String action = request.getMethod() + " " + request.getRequestURI();
        String detail = denied instanceof CsrfException
                ? action
                        + " needs the CSRF token of a browser session (cookie XSRF-TOKEN, echoed in header X-XSRF-TOKEN)"
                : action + " changes data and needs the operator role; this login or key may only read";
        write(json, response, new ProblemException(403, "Forbidden", detail));
    }

    /** Writes a problem as the whole response, whatever the request accepts: an error is never content-negotiated away. */
    public static void write(ObjectMapper json, HttpServletResponse response, ProblemException problem)
            throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Failures.PROBLEM_JSON);
        json.writeValue(response.getOutputStream(), Failures.body(problem));
    }

    private static boolean bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
