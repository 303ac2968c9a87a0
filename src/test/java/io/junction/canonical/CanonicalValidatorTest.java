package io.junction.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A mapping's non-finite number reaches the validator as JSON writes it, the text "Infinity": where the schema wants a
 * number it is named "must be a finite number"; elsewhere the text is judged as any other.
 */
class CanonicalValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CanonicalValidator validator = new CanonicalValidator(Clock.systemUTC());

    @Test
    void infinityAsTextWhereANumberBelongsIsANonFiniteNumber() throws Exception {
        ObjectNode order = order();
        order.put("total", "Infinity");
        ((ObjectNode) order.withArray("lines").get(0)).put("unitPrice", "-Infinity");

        assertThat(validator.validate(EventType.ORDER_PLACED, order))
                .containsExactly(
                        new FieldError("$.lines[0].unitPrice", "must be a finite number"),
                        new FieldError("$.total", "must be a finite number"));
    }

    @Test
    void infinityAsTextElsewhereIsJudgedAsText() throws Exception {
        ObjectNode order = order();
        order.put("shippingAddress", "NaN");

        assertThat(validator.validate(EventType.ORDER_PLACED, order))
                .isNotEmpty()
                .allSatisfy(error -> {
                    assertThat(error.field()).isEqualTo("$.shippingAddress");
                    assertThat(error.problem()).isNotEqualTo("must be a finite number");
                })
                .extracting(FieldError::problem)
                .contains("string found, object expected");
    }

    private static ObjectNode order() throws Exception {
        ObjectNode order = (ObjectNode)
                JSON.readTree(Path.of("mappings/storefront/generic.fixtures/01-order-created.expected.json")
                                .toFile())
                        .path("data");
        assertThat(new CanonicalValidator(Clock.systemUTC()).validate(EventType.ORDER_PLACED, order))
                .isEmpty();
        return order;
    }
}
