package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/**
 * The templates campaigns may use, as approved at Meta:
 * {@code sandesh.templates.<name>.language/category/body-parameters}.
 */
@ConfigMapping(prefix = "sandesh.templates")
public interface TemplatesConfig {

    @WithParentName
    Map<String, Template> all();

    interface Template {
        String language();

        String category();

        int bodyParameters();
    }
}
