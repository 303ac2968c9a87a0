package io.junction.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.security.ProblemResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Every error the servlet container would otherwise answer itself (no handler: 404; wrong method: 405; a media type
 * neither side can use: 406, 415; an exception that escaped a controller: 500) as an RFC 9457 problem, whatever the
 * request accepts. Replaces Spring Boot's error page (the Whitelabel page for browsers). A 500 never shows the
 * exception; the container has logged it.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    static final String WEBHOOKS = "/webhooks";

    private final ErrorAttributes errors;
    private final HttpEndpoints endpoints;
    private final ObjectMapper json;

    public ProblemErrorController(ErrorAttributes errors, HttpEndpoints endpoints, ObjectMapper json) {
        this.errors = errors;
        this.endpoints = endpoints;
        this.json = json;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemResponses.write(json, response, problem(request, response));
    }

    ProblemException problem(HttpServletRequest request, HttpServletResponse response) {
        Throwable error = errors.getError(new ServletWebRequest(request));
        if (error instanceof ProblemException problem) {
            return problem;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer c ? c : HttpStatus.INTERNAL_SERVER_ERROR.value();
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        return new ProblemException(status, title(status), detail(status, request.getMethod(), path, response, error));
    }

    private String detail(int status, String method, String path, HttpServletResponse response, Throwable error) {
        if (status == 404 && (path.equals(WEBHOOKS) || path.startsWith(WEBHOOKS + "/"))) {
            return "no webhook at " + path + "; the webhooks are: "
                    + endpoints.under(WEBHOOKS + "/").stream()
                            .map(HttpEndpoints.Endpoint::toString)
                            .collect(Collectors.joining(", "));
        }
        if (status == 404) {
            return "nothing at " + path + "; the API is described at /openapi.json";
        }
        if (status == 405) {
            String allowed = response.getHeader("Allow");
            return method + " is not supported at " + path
                    + (allowed == null ? "" : "; use " + allowed.replace(",", ", "));
        }
        if (status >= 500) {
            return "the hub failed to process the request";
        }
        // Spring's own web errors (400 conversions, 406, 415) describe themselves without internals
        if (error instanceof ErrorResponse described && described.getBody().getDetail() != null) {
            return described.getBody().getDetail();
        }
        return method + " " + path + ": " + title(status).toLowerCase(Locale.ROOT);
    }

    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String phrase = known == null ? "Error" : known.getReasonPhrase();
        return phrase.charAt(0) + phrase.substring(1).toLowerCase(Locale.ROOT);
    }
}
