package dev.sandesh.broadcast.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.InstantSource;

/** The one clock of the app, so tests could replace it. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    InstantSource clock() {
        return InstantSource.system();
    }
}
