package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How estimates are shown — the same keys webhook-service prices the truth with: one reporting
 * currency, the FX table and the providers compared (contracts' shipped files unless replaced).
 */
@ConfigMapping(prefix = "sandesh.cost")
public interface CostConfig {

    @WithDefault("INR")
    String currency();

    Optional<Path> fxFile();

    Optional<Path> providersFile();
}
