package dev.sandesh.webhook;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireEvent;
import dev.sandesh.contracts.WireJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The real database and broker the @QuarkusTests run against, reached directly (no mocks). */
public final class TestSupport {

    public static final String APP_SECRET = "sim-app-secret";
    public static final String VERIFY_TOKEN = "sandesh-verify-token";
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/sandesh_test";
    private static final String VHOST = "sandesh-test-webhook";

    private TestSupport() {
    }

    /** X-Hub-Signature-256 as Meta computes it, written independently of the code under test. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void cleanTables() {
        execute("TRUNCATE webhook.message_status, webhook.tier_counter, webhook.send_failure, webhook.raw_event, webhook.opt_out, webhook.reply");
    }

    public static void execute(String sql) {
        try (var connection = DriverManager.getConnection(JDBC_URL, "postgres", "postgres");
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (var connection = DriverManager.getConnection(JDBC_URL, "postgres", "postgres");
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> messageStatus(String wamid) {
        List<Map<String, Object>> rows = query("SELECT * FROM webhook.message_status WHERE wamid = ?", wamid);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    public static long count(String table) {
        return ((Number) query("SELECT count(*) AS n FROM webhook." + table).getFirst().get("n")).longValue();
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(VHOST);
        return factory;
    }

    /** Whether {@code queue} exists in the test vhost (a passive declaration, on a channel of its own). */
    public static boolean queueExists(String queue) {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (java.io.IOException missing) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void purgeOutcomeQueues() {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            channel.queuePurge(Topology.OUTCOMES.queue());
            channel.queuePurge(Topology.OUTCOMES.deadLetterQueue());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes as sender-service does (CONVENTIONS.md: JSON body, type header, persistent). */
    public static void publishOutcome(WireEvent event) {
        publishRaw(WireJson.encode(event), event.type());
    }

    /** Signed as sender-service's {@code WireMessages} signs it (with the app's installed internal secret). */
    public static void publishRaw(byte[] body, String type) {
        Map<String, Object> headers = new HashMap<>(signedHeaders(type, body));
        headers.put(Topology.TYPE_HEADER, type);
        publishRaw(body, headers);
    }

    /** As an outsider would publish it: no signature. */
    public static void publishUnsigned(byte[] body, String type) {
        publishRaw(body, Map.of(Topology.TYPE_HEADER, type));
    }

    /** The signed CloudEvents attributes ({@code ce-*}) a publisher gives {@code body}: AMQP headers, or HTTP headers as RabbitmqSource forwards them. */
    public static Map<String, String> signedHeaders(String type, byte[] body) {
        return InternalSignature.installed().headers(type, body);
    }

    /** A request with the internal secret as its bearer token, as broadcast-service calls /internal/v1. */
    public static io.restassured.specification.RequestSpecification internal() {
        return io.restassured.RestAssured.given().auth().oauth2(InternalSignature.installed().bearerToken());
    }

    private static void publishRaw(byte[] body, Map<String, Object> headers) {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType("application/json")
                    .deliveryMode(2)
                    .headers(headers)
                    .build();
            channel.basicPublish(Topology.OUTCOMES.exchange(), "outcome", properties, body);
            channel.waitForConfirmsOrDie(5_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A queue of our own bound to sandesh.optouts, to see what webhook-service publishes there. */
    public static String bindOptOutProbe() {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            String queue = "webhook-test.optouts." + java.util.UUID.randomUUID();
            // as webhook-service declares it (idempotent): the connector declares it on its first publish
            channel.exchangeDeclare(Topology.OPTOUTS.exchange(), "topic", true);
            channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 120_000));
            channel.queueBind(queue, Topology.OPTOUTS.exchange(), "#");
            return queue;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages waiting in {@code queue}, taken off it: (type header, body). */
    public static List<Map.Entry<String, byte[]>> drain(String queue) {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
            com.rabbitmq.client.GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                Object type = response.getProps().getHeaders() == null ? null : response.getProps().getHeaders().get(Topology.TYPE_HEADER);
                messages.add(Map.entry(String.valueOf(type), response.getBody()));
            }
            return messages;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long deadLetters() {
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            return channel.messageCount(Topology.OUTCOMES.deadLetterQueue());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A status notification as Meta sends it, one status per element of {@code statuses}. */
    public static String webhook(String... statuses) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                  "statuses":[%s]}}]}]}""".formatted(String.join(",", statuses));
    }

    public static String status(String wamid, String status, long epochSeconds) {
        return """
                {"id":"%s","status":"%s","timestamp":"%d","recipient_id":"919812345678"}"""
                .formatted(wamid, status, epochSeconds);
    }

    public static String deliveredWithPricing(String wamid, long epochSeconds) {
        return """
                {"id":"%s","status":"delivered","timestamp":"%d","recipient_id":"919812345678","biz_opaque_callback_data":"x",
                 "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"marketing"},"future_field":{"a":1}}"""
                .formatted(wamid, epochSeconds);
    }

    public static String failed(String wamid, long epochSeconds, int code, String title) {
        return """
                {"id":"%s","status":"failed","timestamp":"%d","recipient_id":"919812345678",
                 "errors":[{"code":%d,"title":"%s","message":"%s","error_data":{"details":"d"},"href":"https://developers.facebook.com"}]}"""
                .formatted(wamid, epochSeconds, code, title, title);
    }
}
