package io.junction.adapter.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The credential every CRM call carries: nothing, a fixed header ({@code junction.crm.auth.mode: header}), or an
 * OAuth2 client-credentials access token ({@code oauth2}), fetched from the token endpoint, cached until a minute
 * before it expires, and dropped when the CRM answers 401 so that the next call fetches a fresh one.
 */
@Component
public class CrmAuth {

    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final CrmProperties.Auth auth;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;
    private Instant expires = Instant.EPOCH;

    public CrmAuth(CrmProperties crm, ObjectMapper json, Clock clock) {
        this.auth = crm.auth();
        this.json = json;
        this.clock = clock;
    }

    public String header() {
        return auth.header();
    }

    /** The header's value for the next call; null when the CRM wants none. */
    public synchronized String value() throws IOException, InterruptedException {
        return switch (auth.mode()) {
            case "none" -> null;
            case "header" -> auth.value();
            case "oauth2" -> "Bearer " + token();
            default ->
                throw new IllegalStateException(
                        "junction.crm.auth.mode must be none, header or oauth2, not " + auth.mode());
        };
    }

    /** The CRM refused the credential: the next call fetches a new token. */
    public synchronized void invalidate() {
        token = null;
    }

    private String token() throws IOException, InterruptedException {
        if (token != null && clock.instant().isBefore(expires)) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + encode(auth.clientId()) + "&client_secret="
                + encode(auth.clientSecret())
                + (auth.scope() == null || auth.scope().isBlank() ? "" : "&scope=" + encode(auth.scope()));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(auth.tokenUrl()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("CRM token endpoint answered HTTP " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        token = body.path("access_token").asText(null);
        if (token == null) {
            throw new IOException("CRM token endpoint answered without an access_token");
        }
        expires = clock.instant()
                .plusSeconds(body.path("expires_in").asLong(3600))
                .minus(MARGIN);
        return token;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
