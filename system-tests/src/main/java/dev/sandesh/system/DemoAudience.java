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
    public static String nationalNumber(long i) {
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

    /** The template the demo sends: image header, named body parameters, URL button suffix, coupon (simulator's catalogue). */
    public static final String FESTIVE_TEMPLATE = "diwali_offer";
    static final String BANNER = "https://cdn.mithaihouse.example/diwali-2026/kaju-katli.jpg";

    /**
     * What a dessert brand really sends: the {@value #FESTIVE_TEMPLATE} template in Meta's own
     * send-time {@code components} — an image header, the customer's name and the offer as named
     * body parameters, an "Order now" URL button whose suffix is the customer's order link, and a
     * copy-code coupon — each recipient with its own {@code variables}. The offer is one value for
     * everyone; name, order link and coupon are per recipient.
     */
    public static ObjectNode festiveCampaign(String name, int valid, int invalid, int duplicate, long seed) {
        ObjectNode campaign = campaign(name, valid, invalid, duplicate, seed);
        ObjectNode template = campaign.putObject("template");
        template.put("name", FESTIVE_TEMPLATE);
        template.put("language", "en");
        ArrayNode components = template.putArray("components");
        components.addObject().put("type", "header").putArray("parameters").addObject()
                .put("type", "image").putObject("image").put("link", BANNER);
        ArrayNode body = components.addObject().put("type", "body").putArray("parameters");
        body.addObject().put("type", "text").put("parameter_name", "customer").put("text", "{{customer}}");
        body.addObject().put("type", "text").put("parameter_name", "offer").put("text", "20% off");
        components.addObject().put("type", "button").put("sub_type", "url").put("index", "0")
                .putArray("parameters").addObject().put("type", "text").put("text", "{{order}}");
        components.addObject().put("type", "button").put("sub_type", "copy_code").put("index", "1")
                .putArray("parameters").addObject().put("type", "coupon_code").put("coupon_code", "{{coupon}}");
        for (var recipient : campaign.withArray("recipients")) {
            ObjectNode r = (ObjectNode) recipient;
            String customer = r.remove("parameters").get(0).asText();
            String externalId = r.path("externalId").asText();
            ObjectNode variables = r.putObject("variables");
            variables.put("customer", customer);
            variables.put("order", orderLink(externalId));
            variables.put("coupon", coupon(customer, externalId));
        }
        return campaign;
    }

    /** The per-customer suffix of the "Order now" URL (https://shop.example/o/{suffix}). */
    static String orderLink(String externalId) {
        return "DIW-" + Integer.toUnsignedString(externalId.hashCode(), 36).toUpperCase(java.util.Locale.ROOT);
    }

    /** A per-customer coupon, at most 15 characters as Meta allows (CLOUD-API-MORE §1.3). */
    static String coupon(String customer, String externalId) {
        String code = customer.toUpperCase(java.util.Locale.ROOT) + Math.floorMod(externalId.hashCode(), 1000);
        return code.length() > 15 ? code.substring(0, 15) : code;
    }

    private static void recipient(ArrayNode recipients, String phone, String name, String externalId) {
        ObjectNode recipient = recipients.addObject();
        recipient.put("phone", phone);
        recipient.putArray("parameters").add(name);
        recipient.put("externalId", externalId);
    }
}
