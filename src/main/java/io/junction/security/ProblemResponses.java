package io.junction.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.failure.Failures;
import io.junction.failure.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/**
 * The API's refusals as RFC 9457 problems, like every other error of the hub: 401 with the ways to authenticate in
 * {@code WWW-Authenticate} (a login by HTTP Basic, or an API key as a Bearer token), 403 naming what is missing.
 */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String CHALLENGE = "Basic realm=\"junction\", Bearer realm=\"junction\"";

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        String detail = request.getHeader(ApiKeyFilter.HEADER) != null || bearer(request) ? "the API key is not valid"
                : request.getHeader("Authorization") != null ? "the login is not valid"
                : "log in (HTTP Basic) or send an API key (X-Api-Key or Authorization: Bearer)";
        write(response, new ProblemException(401, "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        write(response, new ProblemException(403, "Forbidden", request.getMethod() + " " + request.getRequestURI()
                + " changes data and needs the operator role; this login or key may only read"));
    }

    private static boolean bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private void write(HttpServletResponse response, ProblemException problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Failures.PROBLEM_JSON);
        json.writeValue(response.getOutputStream(), Failures.body(problem));
    }
}
