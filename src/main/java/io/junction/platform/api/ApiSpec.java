package io.junction.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;

/**
 * The hub's OpenAPI document, written by hand in {@value #SPEC} (ApiContractTest validates it and checks that it names
 * every endpoint the hub maps), served as JSON and as the YAML it is written in.
 */
@RestController
public class ApiSpec {

    static final String SPEC = "openapi.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] yaml;
    private final byte[] json;

    public ApiSpec(ObjectMapper mapper) throws IOException {
        try (InputStream in = new ClassPathResource(SPEC).getInputStream()) {
            yaml = in.readAllBytes();
        }
        Object document = new Yaml().load(new String(yaml, StandardCharsets.UTF_8));
        json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    }

    @GetMapping("/openapi.json")
    public ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.clone());
    }

    @GetMapping("/openapi.yaml")
    public ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(yaml.clone());
    }
}
