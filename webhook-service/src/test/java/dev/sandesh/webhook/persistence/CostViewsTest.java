package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.TestSupport;
import dev.sandesh.contracts.pricing.CostComparison;
import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.Providers;
import dev.sandesh.contracts.pricing.RateCard;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost views (V7) that both GET /internal/v1/campaigns/{id}/cost and the Grafana panel read,
 * over seeded message_status rows with known answers, and over the data RateCardLoader loads.
 */
@QuarkusTest
class CostViewsTest {

    private static final LocalDate SEED_DAY = LocalDate.of(2026, 11, 25);

    @Inject
    RateCardLoader loader;

    @BeforeEach
    void clean() {
        cleanTables();
    }

    @AfterEach
    void shippedDataAgain() {
        loader.load(loader.configured()).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void theShippedCardProvidersFxAndCurrencyAreLoadedAtStart() {
        assertThat(query("SELECT price, currency FROM webhook.rate_card WHERE country = 'IN' AND category = 'marketing' AND effective_from = '2026-01-01'"))
                .singleElement().satisfies(row -> {
                    assertThat((BigDecimal) row.get("price")).isEqualByComparingTo("0.8631");
                    assertThat(row).containsEntry("currency", "INR");
                });
        assertThat(query("SELECT DISTINCT provider FROM webhook.provider_fee ORDER BY provider")).extracting(r -> r.get("provider"))
                .containsExactly("aisensy", "gupshup", "interakt", "twilio", "wati");
        assertThat(query("SELECT rate FROM webhook.fx_rate WHERE from_currency = 'USD' AND to_currency = 'INR'"))
                .singleElement().satisfies(r -> assertThat((BigDecimal) r.get("rate")).isEqualByComparingTo("73.33"));
        assertThat(query("SELECT count(*) AS n FROM webhook.fx_rate WHERE from_currency = 'INR' AND to_currency = 'USD'").getFirst())
                .containsEntry("n", 1L);
        assertThat(query("SELECT currency, rate_card_version, providers_version FROM webhook.cost_setting").getFirst())
                .containsEntry("currency", "INR").containsEntry("rate_card_version", "2026-12-01").containsEntry("providers_version", "2026-12-01");
        assertThat(query("SELECT count(*) AS n FROM webhook.volume_tier").getFirst()).containsEntry("n", 12L);
    }

    @Test
    void eachBillableMessageIsPricedOnceWithTheRateInForceThatDay() {
        UUID campaign = UUID.randomUUID();
        // delivered (or read) billable marketing to India, before and after the 1 Jan 2026 price change
        row(campaign, 1, "IN", "delivered", "2025-12-31 10:00+00", null, true, "regular", "marketing", null);
        row(campaign, 2, "IN", "read", "2026-01-02 10:00+00", "2026-01-02 10:05+00", true, "regular", "marketing", null);
        row(campaign, 3, "IN", "read", null, "2026-01-02 11:00+00", null, null, "marketing", null); // delivered skipped, billable deprecated
        // not charged: free entry point, free customer service, not billable, failed, only sent
        row(campaign, 4, "IN", "delivered", "2026-01-02 10:00+00", null, true, "free_entry_point", "referral_conversion", null);
        row(campaign, 5, "IN", "delivered", "2026-01-02 10:00+00", null, true, "free_customer_service", "utility", null);
        row(campaign, 6, "IN", "delivered", "2026-01-02 10:00+00", null, false, "regular", "utility", null);
        row(campaign, 7, "IN", "failed", null, null, null, null, null, 131026);
        row(campaign, 8, "IN", "sent", null, null, true, "regular", "marketing", null);
        execute("INSERT INTO webhook.send_failure VALUES ('" + campaign + "', 9, 'IN', 'FAILED', 131026, 'x', now())");
        execute("INSERT INTO webhook.send_failure VALUES ('" + campaign + "', 10, 'IN', 'HALTED', null, null, now())");

        List<Map<String, Object>> daily = query("""
                SELECT day::text AS day, country, category, billable_delivered, cost
                  FROM webhook.campaign_cost_daily WHERE campaign_id = ? ORDER BY day""", campaign);
        assertThat(daily).hasSize(2);
        assertThat(daily.get(0)).containsEntry("day", "2025-12-31").containsEntry("billable_delivered", 1L);
        assertThat((BigDecimal) daily.get(0).get("cost")).isEqualByComparingTo("0.7846");
        assertThat(daily.get(1)).containsEntry("day", "2026-01-02").containsEntry("country", "IN").containsEntry("billable_delivered", 2L);
        assertThat((BigDecimal) daily.get(1).get("cost")).isEqualByComparingTo("1.7262");

        Map<String, Object> cost = query("SELECT * FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst();
        assertThat(cost).containsEntry("currency", "INR").containsEntry("billable", 3L).containsEntry("unpriced", 0L)
                .containsEntry("delivered", 6L);
        assertThat((BigDecimal) cost.get("meta_cost")).isEqualByComparingTo("2.51");
        // attempts: 8 wamids + 1 refused send (the halted one was never attempted); failed: 1 + 1
        assertThat(cost).containsEntry("attempted", 9L).containsEntry("failed", 2L);
        assertThat(cost.get("meta_tax")).isNull();
    }

    @Test
    void theSeedCampaignEqualsTheRateCardAndTheProviderFileToThePaisa() {
        UUID campaign = seed("marketing");

        Map<String, BigDecimal> view = providerCosts(campaign);
        // the same campaign through contracts' CostComparison, from the shipped card and provider file
        BigDecimal meta = RateCard.shipped().rate("IN", "marketing", SEED_DAY).orElseThrow().price().multiply(BigDecimal.valueOf(1000));
        var usage = new CostComparison.Usage(SEED_DAY, 2000, Map.of(131026, 1000L), List.of(new CostComparison.CategoryUsage("marketing", 1000, meta)));
        Map<String, BigDecimal> java = new CostComparison(Providers.shipped(), FxTable.shipped(), "INR").compare(usage).stream()
                .collect(Collectors.toMap(CostComparison.ProviderCost::name, CostComparison.ProviderCost::cost));
        assertThat(view).isEqualTo(java);
        assertThat(view).containsEntry("twilio", new BigDecimal("1669.73")).containsEntry("gupshup", new BigDecimal("1061.55"))
                .containsEntry("aisensy", new BigDecimal("1090.00")).containsEntry("wati", new BigDecimal("1033.10"))
                .containsEntry("interakt", new BigDecimal("863.10"));

        Map<String, Object> twilio = query("SELECT saving, saving_percent FROM webhook.campaign_provider_cost WHERE campaign_id = ? AND provider = 'twilio'",
                campaign).getFirst();
        assertThat((BigDecimal) twilio.get("saving")).isEqualByComparingTo("806.63");
        assertThat((BigDecimal) twilio.get("saving_percent")).isEqualByComparingTo("48.3");

        // the internal API answers exactly what the views hold
        JsonPath api = TestSupport.internal().get("/internal/v1/campaigns/{id}/cost", campaign).then().statusCode(200).extract().jsonPath();
        assertThat(api.getString("currency")).isEqualTo("INR");
        assertThat(api.getLong("attempted")).isEqualTo(2000);
        assertThat(api.getLong("delivered")).isEqualTo(1000);
        assertThat(api.getLong("failed")).isEqualTo(1000);
        assertThat(new BigDecimal(api.getString("metaCost"))).isEqualByComparingTo("863.10");
        assertThat(api.getString("rateCardVersion")).isEqualTo("2026-12-01");
        List<Map<String, Object>> providers = api.getList("providers");
        assertThat(providers).extracting(p -> p.get("name")).containsExactly("twilio", "gupshup", "aisensy", "wati", "interakt");
        for (Map<String, Object> p : providers) {
            assertThat(new BigDecimal(p.get("cost").toString())).isEqualByComparingTo(view.get((String) p.get("name")));
        }
        assertThat(api.getList("providers.find { it.name == 'wati' }.monthlyPlans")).hasSize(1);
        assertThat(api.getString("byCategory[0].category")).isEqualTo("marketing");
    }

    @Test
    void marketingThroughTheMarketingMessagesApiIsBilledAtTheMarketingRate() {
        UUID campaign = seed("marketing_lite");
        assertThat((BigDecimal) query("SELECT meta_cost FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst().get("meta_cost"))
                .isEqualByComparingTo("863.10");
        assertThat(providerCosts(campaign)).containsEntry("gupshup", new BigDecimal("1009.76")).containsEntry("aisensy", new BigDecimal("863.10"));
    }

    @Test
    void aCampaignInTwoCurrenciesIsOneRowInOneCurrencyCountedOnce() throws IOException {
        Path fx = Files.createTempFile("fx", ".csv");
        Files.writeString(fx, "# version: test\n2025-07-01,USD,INR,73.33,test\n2026-07-01,BRL,INR,15.5,test\n");
        var shipped = loader.configured();
        loader.load(new RateCardLoader.CostData(shipped.card(), FxTable.fromFile(fx), shipped.providers(), "INR", new BigDecimal("0.18")))
                .await().atMost(Duration.ofSeconds(30));
        UUID campaign = UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            row(campaign, i, "IN", "delivered", "2026-11-25 10:00+00", null, true, "regular", "marketing", null);
        }
        row(campaign, 4, "BR", "delivered", "2026-11-25 10:00+00", null, true, "regular", "marketing", null);
        row(campaign, 5, "BR", "failed", null, null, null, null, null, 131026);

        List<Map<String, Object>> rows = query("SELECT * FROM webhook.campaign_cost WHERE campaign_id = ?", campaign);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("attempted", 5L).containsEntry("failed", 1L).containsEntry("billable", 4L);
            // 3 × 0.8631 + 0.3217 BRL × 15.5 = 2.5893 + 4.98635 = 7.57565
            assertThat((BigDecimal) r.get("meta_cost")).isEqualByComparingTo("7.58");
            assertThat((BigDecimal) r.get("meta_tax")).isEqualByComparingTo("1.36");
        });
        assertThat(query("SELECT original_currency, meta_cost_original FROM webhook.campaign_cost_by_category WHERE campaign_id = ? AND country = 'BR'",
                campaign)).singleElement().satisfies(r -> {
                    assertThat(r).containsEntry("original_currency", "BRL");
                    assertThat((BigDecimal) r.get("meta_cost_original")).isEqualByComparingTo("0.3217");
                });
        // one row per provider, its per-attempt fee counted once: 7.57565 + 5 × 0.005 × 73.33 + 1 × 0.001 × 73.33
        assertThat(query("SELECT provider FROM webhook.campaign_provider_cost WHERE campaign_id = ?", campaign)).hasSize(5);
        assertThat(providerCosts(campaign)).containsEntry("twilio", new BigDecimal("9.48"));
    }

    @Test
    void aDayOrCountryWithoutARateIsUnpricedNeverFree() {
        UUID campaign = UUID.randomUUID();
        row(campaign, 1, "BR", "delivered", "2026-06-30 10:00+00", null, true, "regular", "marketing", null); // BR card starts 1 Jul 2026
        row(campaign, 2, "US", "delivered", "2026-11-25 10:00+00", null, true, "regular", "utility", null);
        row(campaign, 3, "BR", "delivered", "2026-11-25 10:00+00", null, true, "regular", "marketing", null); // no BRL→INR rate shipped
        Map<String, Object> cost = query("SELECT * FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst();
        assertThat(cost).containsEntry("billable", 3L).containsEntry("unpriced", 3L);
        assertThat((BigDecimal) cost.get("meta_cost")).isEqualByComparingTo("0");
    }

    @Test
    void authenticationInternationalInMetasSpellingIsPricedAndUnpricedAfterItsUnsourcedRaise() {
        UUID campaign = UUID.randomUUID();
        row(campaign, 1, "IN", "delivered", "2026-03-31 10:00+00", null, true, "regular", "authentication-international", null);
        row(campaign, 2, "IN", "delivered", "2026-04-01 10:00+00", null, true, "regular", "authentication-international", null);
        Map<String, Object> cost = query("SELECT * FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst();
        assertThat((BigDecimal) cost.get("meta_cost")).isEqualByComparingTo("2.30");
        assertThat(cost).containsEntry("unpriced", 1L);
    }

    @Test
    void utilityTiersAreMarginalWithinTheMonth() throws IOException {
        Path tiers = Files.createTempFile("tiers", ".csv");
        Files.writeString(tiers, "2026-01-01,IN,utility,0,2,0.1150,INR,test\n2026-01-01,IN,utility,2,,0.1081,INR,test\n");
        var shipped = loader.configured();
        loader.load(new RateCardLoader.CostData(shipped.card().withTiersFrom(tiers), shipped.fx(), shipped.providers(), "INR", null))
                .await().atMost(Duration.ofSeconds(30));
        UUID campaign = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        row(other, 1, "IN", "delivered", "2026-11-01 09:00+00", null, true, "regular", "utility", null); // counts towards the tier
        row(campaign, 1, "IN", "delivered", "2026-11-02 10:00+00", null, true, "regular", "utility", null);
        row(campaign, 2, "IN", "delivered", "2026-11-03 10:00+00", null, true, "regular", "utility", null);
        row(campaign, 3, "IN", "delivered", "2026-12-01 10:00+00", null, true, "regular", "utility", null); // a new month
        // 2nd of the month at 0.1150, 3rd at 0.1081, 1st of December at 0.1150
        assertThat((BigDecimal) query("SELECT meta_cost_exact FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst()
                .get("meta_cost_exact")).isEqualByComparingTo("0.3381");
        assertThat(shipped.card().withTiersFrom(tiers).rate("IN", "utility", SEED_DAY, 3).orElseThrow().price()).isEqualByComparingTo("0.1081");
    }

    @Test
    void anUnknownCampaignCostsNothingThroughEveryProvider() {
        JsonPath api = TestSupport.internal().get("/internal/v1/campaigns/{id}/cost", UUID.randomUUID()).then().statusCode(200).extract().jsonPath();
        assertThat(api.getLong("attempted")).isZero();
        assertThat(api.getList("providers")).hasSize(5);
        assertThat(api.getString("currency")).isEqualTo("INR");
    }

    @Test
    void withoutMetasGraphApiConfiguredReconciliationIs409() {
        TestSupport.internal().post("/internal/v1/reconciliation?day=2026-11-25").then().statusCode(409).contentType("application/problem+json");
    }

    /** The seed: 2,000 Indian numbers, half delivered and read on 25 Nov 2026, half failed 131026. */
    private static UUID seed(String category) {
        UUID campaign = UUID.randomUUID();
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, sent_at, delivered_at,
                    read_at, failed_at, error_code, billable, pricing_type, pricing_category, pricing_model, updated_at)
                SELECT 'wamid.seed.' || g || '.%1$s', '%1$s', g, 'IN',
                       CASE WHEN g %% 2 = 0 THEN 'read' ELSE 'failed' END,
                       TIMESTAMPTZ '2026-11-25 09:00+00', TIMESTAMPTZ '2026-11-25 09:00+00',
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '2026-11-25 09:01+00' END,
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '2026-11-25 09:02+00' END,
                       CASE WHEN g %% 2 = 1 THEN TIMESTAMPTZ '2026-11-25 09:01+00' END,
                       CASE WHEN g %% 2 = 1 THEN 131026 END,
                       true, 'regular', '%2$s', 'PMP', now()
                  FROM generate_series(1, 2000) g""".formatted(campaign, category));
        return campaign;
    }

    private static Map<String, BigDecimal> providerCosts(UUID campaign) {
        return query("SELECT provider, cost FROM webhook.campaign_provider_cost WHERE campaign_id = ?", campaign).stream()
                .collect(Collectors.toMap(r -> (String) r.get("provider"), r -> (BigDecimal) r.get("cost")));
    }

    private static void row(UUID campaign, long seq, String country, String status, String deliveredAt, String readAt,
                            Boolean billable, String pricingType, String category, Integer errorCode) {
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, delivered_at, read_at,
                    billable, pricing_type, pricing_category, error_code, updated_at)
                VALUES ('wamid.cost.%s', '%s', %d, '%s', '%s', %s, %s, %s, %s, %s, %s, %s, now())""".formatted(
                UUID.randomUUID(), campaign, seq, country, status, literal(deliveredAt == null ? readAt : deliveredAt),
                literal(deliveredAt), literal(readAt), billable, literal(pricingType), literal(category), errorCode));
    }

    private static String literal(String value) {
        return value == null ? "NULL" : "'" + value + "'";
    }
}
