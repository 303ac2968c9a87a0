package io.junction.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The checks every signed JSON webhook gets at the door, whoever sends it (storefronts, carriers, warehouses): size,
 * media type and signature over the raw bytes, then a JSON object, named headers and a well-formed source name.
 */
public final class WebhookRequests {

    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private WebhookRequests() {}

    /** Size, media type and the sender's signature (over the raw body): 413, 415 or 401 before anything is parsed. */
    public static byte[] verifiedBody(Message in, SignatureScheme scheme, int maxBodyBytes, Instant now) {
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw new ProblemException(
                    413, "Payload too large", "body of " + body.length + " bytes exceeds the limit of " + maxBodyBytes);
        }
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(
                    415, "Unsupported media type", "expected Content-Type application/json, got " + contentType);
        }
        String signature =
                scheme.signatureHeader() == null ? null : in.getHeader(scheme.signatureHeader(), String.class);
        WebhookSignature.verify(body, signature, in.getHeader(Exchange.HTTP_QUERY, String.class), scheme, now);
        return body;
    }

    /** The body as a JSON object: 400 naming the line and column of malformed JSON, or a body that is no object. */
    public static JsonNode jsonObject(ObjectMapper json, byte[] body) {
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw ProblemException.badRequest("body cannot be read: " + e.getMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw notAnObject();
        }
        return payload;
    }

    /**
     * 400 unless the body starts a JSON object (after white space and a UTF-8 byte order mark), for a step that parses
     * it later, such as a {@code jslt:} translator, whose malformed JSON is then {@link #malformed}.
     */
    public static void requireObjectStart(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3
                : 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length || body[i] != '{') {
            throw notAnObject();
        }
    }

    /** 400 naming where the JSON broke. */
    public static ProblemException malformed(JacksonException e) {
        // a broken read limit (e.g. nesting depth) has no location
        String where = e.getLocation() == null
                ? "JSON beyond the parser's limits"
                : "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return ProblemException.badRequest(
                "body is not valid JSON: " + e.getOriginalMessage(), new FieldError("$", where));
    }

    private static ProblemException notAnObject() {
        return ProblemException.badRequest("body must be a JSON object", new FieldError("$", "expected an object"));
    }

    /** The {source} path segment, or {@code fallback} when the path has none; 400 unless it is a valid name. */
    public static String sourceName(Message in, String fallback) {
        String fromPath = in.getHeader("source", String.class);
        if (fromPath == null) {
            return fallback;
        }
        if (!SOURCE_NAME.matcher(fromPath).matches()) {
            throw ProblemException.badRequest(
                    "invalid source name in path",
                    new FieldError(
                            "source",
                            "must be 1-40 lower-case letters, digits or '-', starting with a letter or digit"));
        }
        return fromPath;
    }

    public static String requiredHeader(Message in, String name) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(
                    "missing header " + name, new FieldError(name, "required header is missing"));
        }
        return value.trim();
    }
}
