package dev.sandesh.broadcast.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/**
 * Reads recipients from CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes),
 * one record at a time. The header names the columns: {@code phone} (required),
 * {@code external_id} or {@code externalId}, and the body parameters as {@code param1},
 * {@code param2}, ... in order; every other column is a variable of that name ({@code customer},
 * {@code coupon}), resolving {@code {{customer}}} in the campaign's components. A UTF-8 byte order mark (Excel's "CSV UTF-8") is ignored. Blank
 * lines, and rows whose every field is empty (what spreadsheets export for formatted empty rows),
 * are skipped. An empty parameter keeps its place: only empty trailing parameters are dropped, so a
 * missing {@code param2} never moves {@code param3} into the second placeholder.
 */
public final class RecipientCsv {

    private final BufferedReader reader;
    private final int phone;
    private final int externalId;
    private final int[] parameters;
    private final List<String> variableNames;
    private final int[] variables;
    private long line;

    public RecipientCsv(BufferedReader reader) throws IOException {
        this.reader = reader;
        List<String> header = nextNonBlank();
        if (header == null) {
            throw new FormatError(1, "the CSV is empty: expected a header such as phone,external_id,param1");
        }
        int phoneAt = -1;
        int externalAt = -1;
        List<int[]> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> variableColumns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            String asWritten = header.get(i).trim();
            if (name.equals("phone")) {
                phoneAt = i;
            } else if (name.equals("external_id") || name.equals("externalid")) {
                externalAt = i;
            } else if (name.matches("param(eter)?s?[._ ]?\\d+")) {
                params.add(new int[]{Integer.parseInt(name.replaceAll("\\D", "")), i});
            } else if (!asWritten.isEmpty()) {
                if (names.contains(asWritten)) {
                    throw new FormatError(line, "the header names the column '" + asWritten + "' twice");
                }
                names.add(asWritten);
                variableColumns.add(i);
            }
        }
        if (phoneAt < 0) {
            throw new FormatError(line, "the header has no 'phone' column");
        }
        params.sort((a, b) -> Integer.compare(a[0], b[0]));
        this.phone = phoneAt;
        this.externalId = externalAt;
        this.parameters = params.stream().mapToInt(p -> p[1]).toArray();
        this.variableNames = List.copyOf(names);
        this.variables = variableColumns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The next recipient, or null at the end. */
    public AudienceEntry read() throws IOException {
        List<String> fields = nextNonBlank();
        if (fields == null) {
            return null;
        }
        List<String> params = new ArrayList<>(parameters.length);
        for (int column : parameters) {
            params.add(column < fields.size() ? fields.get(column) : "");
        }
        while (!params.isEmpty() && params.getLast().isEmpty()) {
            params.removeLast();
        }
        Map<String, String> values = new HashMap<>();
        for (int v = 0; v < variables.length; v++) {
            values.put(variableNames.get(v), variables[v] < fields.size() ? fields.get(variables[v]) : "");
        }
        return new AudienceEntry(field(fields, phone), params, externalId < 0 ? null : blankToNull(field(fields, externalId)), values);
    }

    /** The physical line the last record ended on (1 = header). */
    public long line() {
        return line;
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The next record that has a non-blank field, or null at the end. */
    private List<String> nextNonBlank() throws IOException {
        List<String> fields;
        do {
            fields = next();
        } while (fields != null && fields.stream().allMatch(String::isBlank));
        return fields;
    }

    private List<String> next() throws IOException {
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        if (line == 0 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        line++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= text.length()) {
                if (!quoted) {
                    break;
                }
                String more = reader.readLine();
                if (more == null) {
                    throw new FormatError(line, "a quoted field is not closed");
                }
                line++;
                field.append('\n');
                text = more;
                i = 0;
                continue;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** The CSV cannot be read; {@code line} says where. */
    public static final class FormatError extends IOException {

        private final long line;

        public FormatError(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
