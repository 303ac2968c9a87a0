package io.junction.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A failure nobody expected is a 500 problem that tells the caller nothing of the hub's insides. */
class ProblemErrorControllerTest {

    private final DefaultErrorAttributes errors = new DefaultErrorAttributes();
    private final ProblemErrorController controller =
            new ProblemErrorController(errors, new HttpEndpoints(new DefaultListableBeanFactory()), new ObjectMapper());

    @Test
    void anEscapedExceptionIsA500ProblemWithoutItsMessageOrStackTrace() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/ops/replay");
        // what Spring's DispatcherServlet records for the error page (DefaultErrorAttributes resolves it first)
        errors.resolveException(
                request,
                new MockHttpServletResponse(),
                null,
                new IllegalStateException("password=secret at jdbc:h2:/var/lib/junction/db"));
        MockHttpServletResponse response = new MockHttpServletResponse();

        controller.error(request, response);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
        assertThat(problem.path("title").asText()).isEqualTo("Internal server error");
        assertThat(problem.path("detail").asText()).isEqualTo("the hub failed to process the request");
        assertThat(response.getContentAsString()).doesNotContain("secret", "IllegalStateException", "jdbc");
    }
}
