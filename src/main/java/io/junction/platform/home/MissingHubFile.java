package io.junction.platform.home;

import org.springframework.boot.SpringApplication;

/**
 * A configured override folder or file that does not exist. Abandons the start before logging is set up, so
 * {@link io.junction.JunctionApplication} reports it as the one line it is, without a stack trace.
 */
public class MissingHubFile extends SpringApplication.AbandonedRunException {

    private final String problem;

    public MissingHubFile(String problem) {
        this.problem = problem;
    }

    @Override
    public String getMessage() {
        return problem;
    }
}
