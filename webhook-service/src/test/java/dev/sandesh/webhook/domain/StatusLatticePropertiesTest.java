package dev.sandesh.webhook.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks arrive in any order, any number of times: whatever the order and the duplicates, the
 * same facts must end in the same state.
 */
public class StatusLatticePropertiesTest {

    private static final String WAMID = "wamid.P";

    @Property(tries = 500)
    void anyPermutationEndsInTheSameState(@ForAll("events") @Size(min = 1, max = 12) List<StatusEvent> events,
                                          @ForAll long seed) {
        List<StatusEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(StatusLattice.fold(shuffled)).isEqualTo(StatusLattice.fold(events));
    }

    @Property(tries = 500)
    void duplicatesChangeNothing(@ForAll("events") @Size(min = 1, max = 12) List<StatusEvent> events, @ForAll long seed) {
        Random random = new Random(seed);
        List<StatusEvent> withDuplicates = new ArrayList<>(events);
        for (StatusEvent event : events) {
            for (int copies = random.nextInt(3); copies > 0; copies--) {
                withDuplicates.add(event);
            }
        }
        Collections.shuffle(withDuplicates, random);

        assertThat(StatusLattice.fold(withDuplicates)).isEqualTo(StatusLattice.fold(events));
    }

    @Property(tries = 500)
    void mergingInTwoTransactionsEqualsMergingInOne(@ForAll("events") @Size(min = 2, max = 12) List<StatusEvent> events,
                                                    @ForAll("splits") int split) {
        int at = 1 + Math.floorMod(split, events.size() - 1);
        MessageState stepwise = StatusLattice.fold(events.subList(0, at));
        for (StatusEvent event : events.subList(at, events.size())) {
            stepwise = StatusLattice.apply(stepwise, event);
        }

        assertThat(stepwise).isEqualTo(StatusLattice.fold(events));
    }

    /** What a bulk write does: fold a batch in memory, then join it with the stored row. */
    @Property(tries = 500)
    void joiningTheFoldsOfTwoBatchesEqualsFoldingAll(@ForAll("events") @Size(min = 2, max = 12) List<StatusEvent> events,
                                                     @ForAll("splits") int split, @ForAll long seed) {
        List<StatusEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        int at = 1 + Math.floorMod(split, shuffled.size() - 1);
        MessageState stored = StatusLattice.fold(shuffled.subList(0, at));
        MessageState batch = StatusLattice.fold(shuffled.subList(at, shuffled.size()));

        assertThat(StatusLattice.join(stored, batch)).isEqualTo(StatusLattice.fold(events));
        assertThat(StatusLattice.join(batch, stored)).isEqualTo(StatusLattice.fold(events));
        assertThat(StatusLattice.join(stored, stored)).isEqualTo(stored);
    }

    @Property(tries = 500)
    void statusIsTheHighestOnTheLatticeAndNeverMovesBack(@ForAll("events") @Size(min = 1, max = 12) List<StatusEvent> events) {
        MessageState state = null;
        for (StatusEvent event : events) {
            MessageState next = StatusLattice.apply(state, event);
            if (state != null) {
                assertThat(next.status()).isGreaterThanOrEqualTo(state.status());
            }
            state = next;
        }

        DeliveryStatus highest = events.stream().map(StatusEvent::status).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(state.status()).isEqualTo(highest);
    }

    @Property(tries = 500)
    void everyStatusKeepsItsEarliestTimestamp(@ForAll("events") @Size(min = 1, max = 12) List<StatusEvent> events) {
        MessageState state = StatusLattice.fold(events);

        for (DeliveryStatus status : DeliveryStatus.values()) {
            Instant earliest = events.stream().filter(e -> e.status() == status).map(StatusEvent::at)
                    .min(Comparator.naturalOrder()).orElse(null);
            assertThat(state.timestampOf(status)).as(status.name()).isEqualTo(earliest);
        }
    }

    @Provide
    public static Arbitrary<List<StatusEvent>> events() {
        Arbitrary<DeliveryStatus> status = Arbitraries.of(DeliveryStatus.class);
        // a narrow window, so equal timestamps (Meta's are whole seconds) are common
        Arbitrary<Instant> at = Arbitraries.longs().between(1_750_000_000L, 1_750_000_006L).map(Instant::ofEpochSecond);
        Arbitrary<String> recipient = Arbitraries.of("919812345678", "US.13491208655302741918").injectNull(0.3);
        Arbitrary<Pricing> pricing = Combinators.combine(
                        Arbitraries.of(true, false).injectNull(0.3),
                        Arbitraries.of("PMP", "CBP").injectNull(0.3),
                        Arbitraries.of("regular", "free_entry_point").injectNull(0.3),
                        Arbitraries.of("marketing", "utility").injectNull(0.3))
                .as(Pricing::new).injectNull(0.4);
        Arbitrary<StatusError> error = Combinators.combine(
                        Arbitraries.of(131026, 131049, 131050).injectNull(0.2),
                        Arbitraries.of("Message undeliverable", "Marketing cap").injectNull(0.2))
                .as(StatusError::new).injectNull(0.3);
        Arbitrary<StatusEvent> event = Combinators.combine(status, at, recipient, pricing, error)
                .as((s, t, r, p, e) -> new StatusEvent(WAMID, s, t, r, p, e));
        return event.list();
    }

    @Provide
    public static Arbitrary<Integer> splits() {
        return Arbitraries.integers().between(0, 100);
    }
}
