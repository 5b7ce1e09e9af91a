package io.anneal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Anneal: training as a service for deep networks with annealed gradient noise. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AnnealApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnnealApplication.class, args);
    }
}
