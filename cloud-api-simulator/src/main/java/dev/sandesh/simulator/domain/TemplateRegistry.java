package dev.sandesh.simulator.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * The templates of the simulated WhatsApp Business Account, one entry per name + language as
 * Meta keeps them, each with its {@link TemplateSlots} worked out when it is added (so a send
 * costs one map lookup and a walk of small lists). Meta changes templates under the business
 * (pauses, disables, recategorises); {@link #update} does so here.
 */
public final class TemplateRegistry {

    /** A template and what its sends must carry. */
    public record Entry(MessageTemplate template, TemplateSlots slots) { }

    /** What a send's template check found: the template and the values the send carried, or Meta's error. */
    public sealed interface Checked {
        record Valid(MessageTemplate template, List<SentValue> values) implements Checked { }

        record Invalid(CloudApiError error) implements Checked { }
    }

    /**
     * A page of {@code GET /{WABA-ID}/message_templates} (CLOUD-API-MORE §2.1).
     *
     * @param before cursor of the first item, after cursor of the last (null on an empty page)
     * @param hasNext more items follow; @param hasPrevious items come before
     */
    public record Page(List<MessageTemplate> data, String before, String after, boolean hasNext,
                       boolean hasPrevious) { }

    /**
     * Filters of the list call, each null when absent; lists are Meta's comma lists (§2.1).
     * {@code name} matches a part of the name, case-insensitively, as Graph's filter does.
     */
    public record Query(String name, Set<TemplateStatus> statuses, Set<TemplateCategory> categories,
                        Set<String> languages) {
        public static final Query ALL = new Query(null, null, null, null);

        boolean matches(MessageTemplate t) {
            return (name == null || t.name().contains(name.toLowerCase(Locale.ROOT)))
                    && (statuses == null || statuses.contains(t.status()))
                    && (categories == null || categories.contains(t.category()))
                    && (languages == null || languages.contains(t.language()));
        }
    }

    /** Sorted by name, then language: a stable order for cursors. */
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

    public TemplateRegistry(Collection<MessageTemplate> templates) {
        templates.forEach(this::put);
    }

    private static String key(String name, String language) {
        return name + '\u0001' + language;
    }

    public Optional<MessageTemplate> find(String name, String language) {
        Entry entry = entries.get(key(name, language));
        return entry == null ? Optional.empty() : Optional.of(entry.template());
    }

    /** Every translation of a template name. */
    public List<MessageTemplate> byName(String name) {
        return entries.subMap(name + '\u0001', name + '\u0002').values().stream().map(Entry::template).toList();
    }

    public List<MessageTemplate> all() {
        return entries.values().stream().map(Entry::template).toList();
    }

    /** Replaces (or adds) a translation; a template of that name + language keeps its id. */
    public MessageTemplate put(MessageTemplate template) {
        entries.put(key(template.name(), template.language()), new Entry(template, TemplateSlots.compile(template)));
        return template;
    }

    /** Changes one translation (status, category, components…); empty when there is none. */
    public Optional<MessageTemplate> update(String name, String language, UnaryOperator<MessageTemplate> change) {
        Entry updated = entries.computeIfPresent(key(name, language), (k, e) -> {
            MessageTemplate t = change.apply(e.template());
            return new Entry(t, t.components().equals(e.template().components()) ? e.slots() : TemplateSlots.compile(t));
        });
        return updated == null ? Optional.empty() : Optional.of(updated.template());
    }

    public void remove(String name, String language) {
        entries.remove(key(name, language));
    }

    /**
     * Meta's template checks on a send, in Meta's order: the translation exists and is APPROVED
     * (132001 for an unknown name, a language it lacks, or any state but PAUSED / DISABLED, which
     * have 132015 / 132016), then every component against the template (see {@link TemplateSlots}).
     * The language must match exactly: {@code en} is not {@code en_US} (CLOUD-API-MORE §1.9).
     */
    public Checked check(TemplateSend send) {
        Entry entry = entries.get(key(send.templateName(), send.languageCode()));
        if (entry == null) {
            return new Checked.Invalid(CloudApiError.templateNotFound(send.templateName(), send.languageCode()));
        }
        MessageTemplate template = entry.template();
        switch (template.status()) {
            case APPROVED -> { }
            case PAUSED -> {
                return new Checked.Invalid(CloudApiError.templatePaused(template.name()));
            }
            case DISABLED -> {
                return new Checked.Invalid(CloudApiError.templateDisabled(template.name()));
            }
            default -> {
                return new Checked.Invalid(CloudApiError.templateNotFound(send.templateName(), send.languageCode()));
            }
        }
        List<SentValue> values = new ArrayList<>(4);
        CloudApiError error = entry.slots().check(send.components(), values);
        return error == null ? new Checked.Valid(template, values) : new Checked.Invalid(error);
    }

    /** What a send of this translation must carry, for views and tests. */
    public Optional<TemplateSlots> slots(String name, String language) {
        Entry entry = entries.get(key(name, language));
        return entry == null ? Optional.empty() : Optional.of(entry.slots());
    }

    /**
     * One page of matching templates. Cursors are opaque base64 strings, like Graph's
     * ({@code QVFIU…}); {@code after} continues behind an item, {@code before} ends before one.
     */
    public Page page(Query query, int limit, String after, String before) {
        ConcurrentNavigableMap<String, Entry> view = entries;
        if (after != null) {
            view = view.tailMap(decode(after), false);
        }
        List<Map.Entry<String, Entry>> matching = new ArrayList<>();
        if (before != null) {
            // The last `limit` matching items before the cursor (one more tells whether others precede them).
            for (Entry e : view.headMap(decode(before), false).descendingMap().values()) {
                if (query.matches(e.template()) && matching.size() <= limit) {
                    matching.add(0, Map.entry(key(e.template().name(), e.template().language()), e));
                }
            }
            boolean hasPrevious = matching.size() > limit;
            if (hasPrevious) {
                matching.remove(0);
            }
            return page(matching, true, hasPrevious);
        }
        for (Map.Entry<String, Entry> e : view.entrySet()) {
            if (query.matches(e.getValue().template())) {
                matching.add(e);
                if (matching.size() > limit) {
                    break;
                }
            }
        }
        boolean hasNext = matching.size() > limit;
        if (hasNext) {
            matching.remove(matching.size() - 1);
        }
        return page(matching, hasNext, after != null && moreBefore(query, matching));
    }

    private boolean moreBefore(Query query, List<Map.Entry<String, Entry>> page) {
        if (page.isEmpty()) {
            return false;
        }
        return entries.headMap(page.get(0).getKey(), false).values().stream()
                .anyMatch(e -> query.matches(e.template()));
    }

    private static Page page(List<Map.Entry<String, Entry>> items, boolean hasNext, boolean hasPrevious) {
        List<MessageTemplate> data = items.stream().map(e -> e.getValue().template()).toList();
        if (items.isEmpty()) {
            return new Page(data, null, null, false, hasPrevious);
        }
        return new Page(data, encode(items.get(0).getKey()), encode(items.get(items.size() - 1).getKey()), hasNext,
                hasPrevious);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("QVFI:" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException for a cursor this registry did not hand out */
    private static String decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("QVFI:")) {
                throw new IllegalArgumentException("not a cursor: " + cursor);
            }
            return raw.substring(5);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor " + cursor, e);
        }
    }
}
