package dev.sandesh.webhook.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.InstantSource;

/** The one clock of the app, so tests can replace it. */
public class ClockProducer {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}
