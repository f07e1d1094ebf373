package dev.sandesh.broadcast.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much of a caller's input broadcast-service takes (REFERENCE.md "Limits"). The process-wide
 * {@code quarkus.http.limits.max-body-size} stays large for the streamed recipient uploads, which
 * are bounded per line instead; every other request body is bounded here.
 */
@ConfigMapping(prefix = "sandesh.limits")
public interface LimitsConfig {

    /**
     * The largest JSON request body (every POST/PUT/PATCH except the recipient upload): a longer one is
     * answered 413 before it is read. A 100,000-recipient campaign posted inline is about 6 MB.
     */
    @WithDefault("16M")
    MemorySize jsonBody();

    /**
     * The longest line of a CSV or NDJSON recipient upload, in characters (for a CSV quoted field spanning
     * lines: the longest record). A longer one refuses the upload (400 naming the line) before it is held.
     */
    @WithDefault("65536")
    int uploadLineChars();
}
