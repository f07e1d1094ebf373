package dev.sandesh.sender.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * The test's side of the broker: publishes batches and controls, and taps outcomes and opt-outs
 * with queues of its own (so it sees every message the app publishes without taking them from
 * the real consumers' queues).
 */
final class BrokerTap implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final String outcomeTap;
    private final String optOutTap;
    private final Map<UUID, List<BatchOutcome>> outcomes = new ConcurrentHashMap<>();
    private final List<OptOut> optOuts = new CopyOnWriteArrayList<>();

    BrokerTap(String name) throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost("sandesh-test-sender");
        connection = factory.newConnection(name);
        channel = connection.createChannel();
        outcomeTap = name + ".outcomes";
        optOutTap = name + ".optouts";
        channel.exchangeDeclare(Topology.OUTCOMES.exchange(), "topic", true);
        channel.exchangeDeclare(Topology.OPTOUTS.exchange(), "topic", true);
        channel.queueDeclare(outcomeTap, false, false, false, null);
        channel.queueBind(outcomeTap, Topology.OUTCOMES.exchange(), "#");
        channel.queueDeclare(optOutTap, false, false, false, null);
        channel.queueBind(optOutTap, Topology.OPTOUTS.exchange(), "#");
        channel.queuePurge(outcomeTap);
        channel.queuePurge(optOutTap);
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }

    void publish(SendBatch batch) throws Exception {
        publish(batch, Map.of());
    }

    void publish(SendBatch batch, Map<String, Object> extraHeaders) throws Exception {
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        headers.put(Topology.TYPE_HEADER, batch.type());
        headers.putAll(InternalSignature.installed().headers(batch.type(), WireJson.encode(batch)));
        channel.basicPublish(Topology.BATCHES.exchange(), "campaign." + batch.campaignId(), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).headers(headers).build(), WireJson.encode(batch));
    }

    void publish(CampaignControl control) throws Exception {
        channel.exchangeDeclare(Topology.CONTROL.exchange(), "topic", true);
        channel.basicPublish(Topology.CONTROL.exchange(), "campaign." + control.campaignId(), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2)
                .headers(signedHeaders(control)).build(), WireJson.encode(control));
    }

    /** The headers a publisher's {@code WireMessages} gives an event: its type and its signed CloudEvents attributes. */
    static Map<String, Object> signedHeaders(dev.sandesh.contracts.WireEvent event) {
        Map<String, Object> headers = new HashMap<>(InternalSignature.installed().headers(event.type(), WireJson.encode(event)));
        headers.put(Topology.TYPE_HEADER, event.type());
        return headers;
    }

    List<BatchOutcome> awaitOutcomes(UUID campaignId, int count, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            drain();
            return outcomes.getOrDefault(campaignId, List.of()).size() >= count;
        });
        return outcomes.get(campaignId);
    }

    List<BatchOutcome> awaitOutcomes(UUID campaignId, int count) {
        return awaitOutcomes(campaignId, count, Duration.ofSeconds(30));
    }

    List<BatchOutcome> outcomes(UUID campaignId) throws Exception {
        drain();
        return outcomes.getOrDefault(campaignId, List.of());
    }

    List<OptOut> optOuts() throws Exception {
        drain();
        return optOuts;
    }

    private synchronized void drain() throws Exception {
        GetResponse response;
        while ((response = channel.basicGet(outcomeTap, true)) != null) {
            BatchOutcome outcome = WireJson.decode(response.getBody(), BatchOutcome.class, BatchOutcome.VERSION);
            outcomes.computeIfAbsent(outcome.campaignId(), k -> new CopyOnWriteArrayList<>()).add(outcome);
        }
        while ((response = channel.basicGet(optOutTap, true)) != null) {
            optOuts.add(WireJson.decode(response.getBody(), OptOut.class, OptOut.VERSION));
        }
    }

    /** A business number of the test's own, so leftovers and halts of other tests never interfere. */
    static String phoneNumberId() {
        return "10" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
    }

    static SendBatch batch(String phoneNumberId, int size) {
        return batch(UUID.randomUUID(), 0, phoneNumberId, size, 0);
    }

    static SendBatch batch(UUID campaignId, int batchNumber, String phoneNumberId, int size, int firstSequence) {
        long base = 919_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        List<SendBatch.Recipient> recipients = IntStream.range(0, size)
                .mapToObj(i -> new SendBatch.Recipient(firstSequence + i, "+" + (base + i), "IN", List.of("Asha " + i)))
                .toList();
        return new SendBatch(campaignId, batchNumber, phoneNumberId, new TemplateRef("sandesh_demo", "en", "marketing"), recipients);
    }

    static String digits(SendBatch.Recipient recipient) {
        return recipient.phone().substring(1);
    }
}
