package io.junction.platform.home;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class HubFilesConfiguration {

    @Bean
    HubFiles hubFiles(Environment environment) {
        return HubFiles.of(environment);
    }
}
