package io.junction;

import io.junction.platform.home.MissingHubFile;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class JunctionApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(JunctionApplication.class, args);
        } catch (MissingHubFile missing) {
            // a configured file that is not there: the operator needs its name, not a stack trace
            System.err.println("junction: " + missing.getMessage());
            System.exit(2);
        }
    }
}
