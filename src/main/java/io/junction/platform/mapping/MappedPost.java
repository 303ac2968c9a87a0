package io.junction.platform.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * An outbound JSON POST whose body is a mapping's output: the shape every call to another system's API takes
 * (the ERP's order API, the storefront's stock API). Only the auth header travels with it, nothing of the bus.
 */
public final class MappedPost {

    private final Mappings mappings;
    private final ObjectMapper json;
    private final String mapping;
    private final String authHeader;
    private final String authValue;

    public MappedPost(Mappings mappings, ObjectMapper json, String mapping, String authHeader, String authValue) {
        this.mappings = mappings;
        this.json = json;
        this.mapping = mapping;
        this.authHeader = authHeader;
        this.authValue = authValue;
    }

    /** Replaces the message with the POST of {@code input} mapped with {@code variables}. */
    public void prepare(Message message, JsonNode input, Map<String, String> variables) throws JsonProcessingException {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (authValue != null && !authValue.isBlank()) {
            message.setHeader(authHeader, authValue);
        }
        message.setBody(json.writeValueAsString(mappings.apply(mapping, input, variables)));
    }
}
