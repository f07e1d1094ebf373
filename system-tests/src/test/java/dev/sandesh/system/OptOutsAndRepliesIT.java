package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What real users do, over the four real processes: a customer who stops marketing messages in
 * WhatsApp after a campaign was prepared is not messaged by it, yet still gets an order update; and
 * customers who answer a campaign's message are tied to it and counted.
 */
@Order(RunningStack.SHARED)
class OptOutsAndRepliesIT {

    @RegisterExtension
    static final RunningStack sandesh = RunningStack.shared();

    private JsonNode rulesBefore;

    /**
     * The stack is shared with other classes, whose campaigns reach the same numbers: the customer who
     * stopped marketing messages resumes them (Meta's user_preferences resume), in the simulator and,
     * through webhook-service, in broadcast-service's opt-out list.
     */
    @AfterAll
    static void theCustomerResumesMarketingMessages() throws Exception {
        String digits = "91" + DemoAudience.nationalNumber(3);
        sandesh.client().postSimulator("/_simulator/user-preferences",
                SandeshClient.json().createObjectNode().put("waId", digits).put("value", "resume")).requireStatus(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> !sandesh.client().optOuts().requireStatus(200).body().toString().contains(digits));
    }

    @AfterEach
    void restoreRecipientRules() throws Exception {
        if (rulesBefore != null) {
            sandesh.client().recipientRules(rulesBefore);
        }
    }

    @Test
    void aMarketingOptOutMadeAfterTheCampaignWasPreparedIsRespectedAndAnOrderUpdateStillGoes() throws Exception {
        sandesh.client().resetSimulatorAudit();
        int size = 20;
        ObjectNode draft = DemoAudience.festiveCampaign("prepared before the opt-out", size, 0, 0, 91);
        draft.put("start", false);
        String id = sandesh.client().createCampaign(draft).requireStatus(201).body().path("id").asText();

        // The customer of recipient 3 turns marketing messages off in WhatsApp (Meta's user_preferences webhook).
        String digits = "91" + DemoAudience.nationalNumber(3);
        sandesh.client().postSimulator("/_simulator/user-preferences",
                SandeshClient.json().createObjectNode().put("waId", digits).put("value", "stop")).requireStatus(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> sandesh.client().optOuts().body().toString().contains(digits));

        sandesh.client().startCampaign(id).requireStatus(200);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == size - 1);
        JsonNode campaign = sandesh.client().campaign(id).requireStatus(200).body();
        assertThat(campaign.path("counts").path("rejected").path("byReason").path("OPTED_OUT").asLong()).isEqualTo(1);
        assertThat(sends(digits)).as("marketing sends to the customer who opted out").isEmpty();

        // An order update (UTILITY) to the same customer still goes: Meta's opt-out is about marketing only.
        ObjectNode update = SandeshClient.json().createObjectNode();
        update.put("name", "order ready");
        ObjectNode template = update.putObject("template");
        template.put("name", "order_update");
        template.put("language", "en");
        ArrayNode components = template.putArray("components");
        components.addObject().put("type", "header").putArray("parameters").addObject().put("type", "text").put("text", "{{1}}");
        ArrayNode body = components.addObject().put("type", "body").putArray("parameters");
        body.addObject().put("type", "text").put("text", "{{2}}");
        body.addObject().put("type", "text").put("text", "{{3}}");
        ObjectNode recipient = update.putArray("recipients").addObject();
        recipient.put("phone", "+" + digits);
        recipient.put("externalId", "customer-3");
        recipient.putArray("parameters").add("Order DIW-1003").add("Asha").add("ready for pickup");
        String updateId = sandesh.client().createCampaign(update).requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(updateId).requireStatus(200).body()).read() == 1);
        assertThat(sends(digits)).singleElement().satisfies(s -> assertThat(s.path("template").asText()).isEqualTo("order_update"));
    }

    @Test
    void customersWhoAnswerTheCampaignAreTiedToItCountedAndExported() throws Exception {
        sandesh.client().resetSimulatorAudit();
        rulesBefore = sandesh.client().getSimulator("/_simulator/recipient-rules").requireStatus(200).body();
        int size = 30;
        // Recipients 0 and 1 answer in text, 2 taps the quick reply: each rule matches one number exactly.
        ArrayNode rules = SandeshClient.json().createArrayNode();
        rules.addObject().put("regex", "91" + DemoAudience.nationalNumber(0)).put("outcome", "replies-text");
        rules.addObject().put("regex", "91" + DemoAudience.nationalNumber(1)).put("outcome", "replies-text");
        rules.addObject().put("regex", "91" + DemoAudience.nationalNumber(2)).put("outcome", "replies-button");
        sandesh.client().recipientRules(rules);

        ObjectNode campaign = DemoAudience.festiveCampaign("replies", size, 0, 0, 93);
        String id = sandesh.client().createCampaign(campaign).requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(
                () -> sandesh.client().campaign(id).requireStatus(200).body().path("counts").path("replied").asLong() == 3);

        Map<String, JsonNode> replies = new HashMap<>();
        for (JsonNode outcome : sandesh.client().outcomes(id).requireStatus(200).body().path("outcomes")) {
            if (outcome.hasNonNull("reply")) {
                replies.put(outcome.path("externalId").asText(), outcome.path("reply"));
            }
        }
        assertThat(replies).containsOnlyKeys("customer-0", "customer-1", "customer-2");
        assertThat(replies.get("customer-0").path("kind").asText()).isEqualTo("TEXT");
        assertThat(replies.get("customer-2").path("kind").asText()).isEqualTo("BUTTON");
    }

    private static List<JsonNode> sends(String digits) throws Exception {
        List<JsonNode> sends = new ArrayList<>();
        JsonNode answer = sandesh.client().simulatorSendsTo(digits).requireStatus(200).body();
        (answer.isArray() ? answer : answer.path("sends")).forEach(sends::add);
        return sends;
    }
}
