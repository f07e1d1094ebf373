package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTemplatesPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MessageTemplatesPage parse(String body) throws Exception {
        return MessageTemplatesPage.parse(JSON.readTree(body));
    }

    @Test
    void readsMetasTemplateShape() throws Exception {
        MessageTemplatesPage page = parse("""
                {"data":[{"name":"reservation_confirmation","parameter_format":"NAMED","language":"en_US","status":"APPROVED",
                  "category":"UTILITY","id":"1387372356726668",
                  "components":[{"type":"BODY","text":"For {{number_of_guests}}",
                    "example":{"body_text_named_params":[{"param_name":"number_of_guests","example":"4"}]}}]}],
                 "paging":{"cursors":{"before":"QVFIUa","after":"QVFIUb"},"next":"https://graph.facebook.com/v23.0/1/message_templates?after=QVFIUb"}}""");

        CatalogTemplate t = page.templates().getFirst();
        assertThat(t.id()).isEqualTo("1387372356726668");
        assertThat(t.key()).isEqualTo("reservation_confirmation/en_us");
        assertThat(t.category()).isEqualTo(TemplateCategory.UTILITY);
        assertThat(t.parameterFormat()).isEqualTo(CatalogTemplate.ParameterFormat.NAMED);
        assertThat(t.sendable()).isTrue();
        assertThat(t.components().get(0).path("text").asText()).isEqualTo("For {{number_of_guests}}");
        assertThat(page.next()).isEqualTo("https://graph.facebook.com/v23.0/1/message_templates?after=QVFIUb");
        assertThat(page.skipped()).isEmpty();
    }

    @Test
    void lastPageHasNoNextAndOlderTemplatesArePositional() throws Exception {
        MessageTemplatesPage page = parse("""
                {"data":[{"name":"old","language":"en","status":"PAUSED","category":"MARKETING","id":"7"}],
                 "paging":{"cursors":{"before":"a","after":"b"}}}""");

        CatalogTemplate t = page.templates().getFirst();
        assertThat(page.next()).isNull();
        assertThat(t.parameterFormat()).isEqualTo(CatalogTemplate.ParameterFormat.POSITIONAL);
        assertThat(t.sendable()).isFalse();
        assertThat(t.components().isArray()).isTrue();
        assertThat(parse("{\"data\":[]}").next()).isNull();
    }

    @Test
    void aCategorySandeshCannotPriceIsLeftOutWithTheReason() throws Exception {
        MessageTemplatesPage page = parse("""
                {"data":[{"name":"legacy","language":"en","status":"APPROVED","category":"TRANSACTIONAL","id":"1"},
                         {"language":"en","status":"APPROVED","category":"UTILITY","id":"2"},
                         {"name":"ok","language":"hi","status":"APPROVED","category":"authentication","id":"3"}]}""");

        assertThat(page.templates()).extracting(CatalogTemplate::name).containsExactly("ok");
        assertThat(page.skipped()).containsExactly(
                "template legacy/en: category TRANSACTIONAL is not marketing, utility or authentication",
                "a template without name or language (id 2)");
    }

    @Test
    void anAnswerWithoutDataIsNotAPage() {
        assertThatThrownBy(() -> parse("{\"error\":{\"message\":\"x\"}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(IllegalArgumentException.class);
    }

    private final TemplatePaging paging = new TemplatePaging("https://graph.facebook.com/", 3);

    @Test
    void firstPageAsksForTheFieldsSandeshKeeps() {
        assertThat(paging.first("v23.0", "102290129340398", 100)).isEqualTo(
                "https://graph.facebook.com/v23.0/102290129340398/message_templates"
                        + "?fields=id,name,language,status,category,parameter_format,components&limit=100");
    }

    @Test
    void followsNextUnderTheBaseUrlUntilThereIsNone() {
        String next = "https://graph.facebook.com/v23.0/1/message_templates?limit=100&after=QVFI";
        assertThat(paging.after(next, 1, Set.of("https://graph.facebook.com/v23.0/1/message_templates")))
                .isEqualTo(new TemplatePaging.Step.Fetch(next));
        assertThat(paging.after("https://GRAPH.facebook.com:443/v23.0/1/message_templates?after=x", 1, Set.of()))
                .isInstanceOf(TemplatePaging.Step.Fetch.class);
        assertThat(paging.after(null, 2, Set.of())).isEqualTo(new TemplatePaging.Step.Done());
        assertThat(paging.after(" ", 2, Set.of())).isEqualTo(new TemplatePaging.Step.Done());
    }

    @Test
    void refusesANextThatLeavesTheBaseUrlSinceTheTokenWouldGoThere() {
        assertThat(paging.after("https://evil.example/v23.0/1/message_templates?after=x", 1, Set.of()))
                .isEqualTo(new TemplatePaging.Step.Refused(
                        "paging.next points to https://evil.example, not under sandesh.cloud-api.base-url https://graph.facebook.com"));
        assertThat(paging.after("http://graph.facebook.com/v23.0/1/message_templates", 1, Set.of()))
                .isInstanceOf(TemplatePaging.Step.Refused.class);
        assertThat(paging.after("https://graph.facebook.com.evil.example/v23.0/x", 1, Set.of()))
                .isInstanceOf(TemplatePaging.Step.Refused.class);
        assertThat(paging.after("https://user@graph.facebook.com/v23.0/x", 1, Set.of()))
                .isInstanceOf(TemplatePaging.Step.Refused.class);
        assertThat(paging.after("not a url at all", 1, Set.of())).isInstanceOf(TemplatePaging.Step.Refused.class);
        TemplatePaging underPath = new TemplatePaging("http://localhost:8099/graph", 3);
        assertThat(underPath.after("http://localhost:8099/graphx/v23.0/1", 1, Set.of())).isInstanceOf(TemplatePaging.Step.Refused.class);
        assertThat(underPath.after("http://localhost:8099/graph/v23.0/1", 1, Set.of())).isInstanceOf(TemplatePaging.Step.Fetch.class);
        assertThat(underPath.after("http://localhost:8098/graph/v23.0/1", 1, Set.of())).isInstanceOf(TemplatePaging.Step.Refused.class);
    }

    @Test
    void aRepeatedPageOrTooManyPagesIsALoop() {
        String next = "https://graph.facebook.com/v23.0/1/message_templates?after=same";
        assertThat(paging.after(next, 2, Set.of(next)))
                .isEqualTo(new TemplatePaging.Step.Refused("paging.next repeats a page already read (a paging loop)"));
        assertThat(paging.after(next, 3, Set.of()))
                .isEqualTo(new TemplatePaging.Step.Refused("more than 3 pages of templates (sandesh.cloud-api.templates-max-pages)"));
        assertThat(paging.after(next, 2, Set.of())).isInstanceOf(TemplatePaging.Step.Fetch.class);
    }
}
