package dev.sandesh.broadcast.config;

import dev.sandesh.broadcast.domain.ApiKeys;
import dev.sandesh.broadcast.domain.AudienceScreen;
import dev.sandesh.broadcast.domain.BatchPlanner;
import dev.sandesh.broadcast.domain.BusinessNumbers;
import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.ConfiguredTemplates;
import dev.sandesh.broadcast.domain.CostCalculator;
import dev.sandesh.broadcast.domain.PhoneNormaliser;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.contracts.pricing.CostComparison;
import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Builds the framework-free domain rules from configuration. */
@ApplicationScoped
public class DomainProducer {

    @Produces
    @ApplicationScoped
    AudienceScreen audienceScreen(BroadcastConfig config) {
        return new AudienceScreen(new PhoneNormaliser(config.defaultRegion()));
    }

    @Produces
    @ApplicationScoped
    BatchPlanner batchPlanner(BroadcastConfig config) {
        return new BatchPlanner(config.batchSize());
    }

    /**
     * The configured templates as catalogue entries: the whole catalogue when no
     * {@code sandesh.cloud-api.waba-id} is set (a setup without Graph access). Singleton: a record
     * cannot be proxied for a normal scope.
     */
    @Produces
    @Singleton
    ConfiguredTemplates configuredTemplates(TemplatesConfig config) {
        List<CatalogTemplate> templates = new ArrayList<>();
        config.all().forEach((name, t) -> templates.add(ConfiguredTemplates.template(name, t.language(),
                TemplateCategory.fromWire(t.category()).orElseThrow(() -> new IllegalArgumentException(
                        "sandesh.templates." + name + ".category must be marketing, utility or authentication")),
                t.bodyParameters())));
        return new ConfiguredTemplates(templates);
    }

    /** The shipped rate card, FX table and providers, or the operator's files ({@code sandesh.broadcast.rate-card-file}, {@code sandesh.cost.*}). */
    @Produces
    @ApplicationScoped
    CostCalculator costCalculator(BroadcastConfig config, CostConfig cost) {
        RateCard card = config.rateCardFile().map(RateCard::fromFile).orElseGet(RateCard::shipped);
        FxTable fx = cost.fxFile().map(FxTable::fromFile).orElseGet(FxTable::shipped);
        Providers providers = cost.providersFile().map(Providers::fromFile).orElseGet(Providers::shipped);
        return new CostCalculator(card, fx, new CostComparison(providers, fx, cost.currency().strip().toUpperCase(java.util.Locale.ROOT)));
    }

    @Produces
    @ApplicationScoped
    ApiKeys apiKeys(ApiConfig config) {
        return ApiKeys.parse(config.keys());
    }

    /** Singleton: a final class cannot be proxied for a normal scope. */
    @Produces
    @Singleton
    BusinessNumbers businessNumbers(BroadcastConfig config, ApiKeys keys) {
        return BusinessNumbers.of(config.phoneNumberId(), config.phoneNumberIds().orElse(List.of()),
                config.messagingLimitTiers().keySet(), keys);
    }
}
