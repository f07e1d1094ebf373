package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana cost panel's own SQL ({@code k8s/base/grafana/sandesh-cost.json}), run the way
 * Grafana runs it, so tests can check the money a person would see on the dashboard.
 */
public final class CostDashboard {

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(((?:[^()]|\\([^()]*\\))*)\\)");

    private final JsonNode dashboard;

    private CostDashboard(JsonNode dashboard) {
        this.dashboard = dashboard;
    }

    public static CostDashboard load(Path repoRoot) throws IOException {
        return new CostDashboard(SandeshClient.json().readTree(Files.readAllBytes(repoRoot.resolve("k8s/base/grafana/sandesh-cost.json"))));
    }

    /** The rows one panel shows for "the last 30 days", as column → value maps. */
    public List<Map<String, Object>> panel(String title, Connection db) throws SQLException {
        return panel(title, db, null);
    }

    /** The rows one panel shows for "the last 30 days" with the dashboard's {@code campaign} variable set. */
    public List<Map<String, Object>> panel(String title, Connection db, String campaignId) throws SQLException {
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                String sql = expandMacros(panel.path("targets").get(0).path("rawSql").asText());
                if (campaignId != null) {
                    sql = sql.replace("$campaign", java.util.UUID.fromString(campaignId).toString());
                }
                return query(db, sql);
            }
        }
        throw new IllegalArgumentException("no panel titled '" + title + "'");
    }

    /** Grafana's {@code $__timeFilter(x)} as Grafana expands it, for the last 30 days. */
    static String expandMacros(String sql) {
        Matcher m = TIME_FILTER.matcher(sql);
        return m.replaceAll(r -> Matcher.quoteReplacement("(" + r.group(1) + ") BETWEEN now() - interval '30 days' AND now()"));
    }

    private static List<Map<String, Object>> query(Connection db, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (var statement = db.createStatement(); var result = statement.executeQuery(sql)) {
            var meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
