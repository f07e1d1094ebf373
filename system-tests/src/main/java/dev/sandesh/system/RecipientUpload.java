package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * A DRAFT campaign of the demo template whose recipients are streamed into it as NDJSON
 * ({@code POST /v1/campaigns/{id}/recipients}), generated on the fly, so that a million of them
 * are never held in memory on either side. Numbers are {@link DemoAudience}'s: distinct valid
 * Indian mobiles.
 */
public final class RecipientUpload {

    private RecipientUpload() {
    }

    /**
     * @param firstNumber the first of {@link DemoAudience}'s numbers to use (campaigns of one run
     *                    use disjoint ranges, so nobody gets two messages close together)
     * @return the draft's id, once broadcast-service stored all {@code recipients} as valid
     */
    public static String draftAndUpload(LocalStack stack, String name, long firstNumber, int recipients)
            throws IOException, InterruptedException {
        var draft = DemoAudience.campaign(name, 0, 0, 0, 1);
        draft.remove("recipients");
        draft.put("start", false);
        String id = new SandeshClient(stack).createCampaign(draft).requireStatus(201).body().path("id").asText();
        HttpURLConnection connection = (HttpURLConnection) stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/recipients")
                .toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(64 * 1024);
        connection.setReadTimeout(600_000);
        connection.setRequestProperty("Authorization", "Bearer " + stack.apiKey());
        connection.setRequestProperty("Content-Type", "application/x-ndjson");
        try (OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 256 * 1024)) {
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < recipients; i++) {
                line.setLength(0);
                line.append("{\"phone\":\"+91").append(DemoAudience.nationalNumber(firstNumber + i))
                        .append("\",\"parameters\":[\"Customer ").append(i).append("\"],\"externalId\":\"u").append(i).append("\"}\n");
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        byte[] body = (status < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
        if (status != 200) {
            throw new IllegalStateException("uploading " + recipients + " recipients answered " + status + ": "
                    + new String(body, StandardCharsets.UTF_8));
        }
        JsonNode answer = SandeshClient.json().readTree(body);
        if (answer.path("valid").asLong() != recipients) {
            throw new IllegalStateException("upload of " + recipients + " stored " + answer.path("received") + " ("
                    + answer.path("valid") + " valid)");
        }
        return id;
    }
}
