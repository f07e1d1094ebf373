package dev.sandesh.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Random;

/**
 * A synthetic audience for demos and system tests: {@code valid} distinct Indian mobile numbers
 * written the many ways a storefront stores them, plus a few the campaign API must reject
 * (malformed numbers, the same person twice in another format). Seeded, so runs are comparable.
 */
public final class DemoAudience {

    private static final String[] NAMES = {"Asha", "Ravi", "Meera", "Kabir", "Zoya", "Arjun", "Ira", "Dev"};

    private DemoAudience() {
    }

    /** The numbers' national part: 10 digits starting with 9, distinct for i in [0, 10^8). */
    static String nationalNumber(long i) {
        return "9" + String.format("%09d", (i * 7_919L + 12_345L) % 1_000_000_000L);
    }

    /**
     * @param valid     distinct valid recipients
     * @param invalid   malformed numbers to include
     * @param duplicate valid recipients repeated in another format
     */
    public static ObjectNode campaign(String name, int valid, int invalid, int duplicate, long seed) {
        var json = SandeshClient.json();
        ObjectNode campaign = json.createObjectNode();
        campaign.put("name", name);
        ObjectNode template = campaign.putObject("template");
        template.put("name", "sandesh_demo");
        template.put("language", "en");
        template.put("category", "marketing");
        ArrayNode recipients = campaign.putArray("recipients");
        Random random = new Random(seed);
        for (int i = 0; i < valid; i++) {
            String national = nationalNumber(i);
            String written = switch (i % 3) {
                case 0 -> "+91" + national;
                case 1 -> "+91 " + national.substring(0, 5) + " " + national.substring(5);
                default -> "0" + national;
            };
            recipient(recipients, written, NAMES[random.nextInt(NAMES.length)], "customer-" + i);
        }
        for (int i = 0; i < duplicate && i < valid; i++) {
            recipient(recipients, "91" + nationalNumber(i), NAMES[0], "customer-" + i + "-again");
        }
        for (int i = 0; i < invalid; i++) {
            recipient(recipients, "+91 12" + i, NAMES[0], "typo-" + i);
        }
        return campaign;
    }

    private static void recipient(ArrayNode recipients, String phone, String name, String externalId) {
        ObjectNode recipient = recipients.addObject();
        recipient.put("phone", phone);
        recipient.putArray("parameters").add(name);
        recipient.put("externalId", externalId);
    }
}
