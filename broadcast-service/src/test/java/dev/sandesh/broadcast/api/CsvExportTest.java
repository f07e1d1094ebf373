package dev.sandesh.broadcast.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcomes CSV never hands a spreadsheet a formula (OWASP CSV injection). */
class CsvExportTest {

    @Test
    void cellsStartingWithAFormulaCharacterGetALeadingQuote() {
        assertThat(CampaignReports.csv("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(CampaignReports.csv("+1+2")).isEqualTo("\"'+1+2\"");
        assertThat(CampaignReports.csv("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(CampaignReports.csv("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(CampaignReports.csv("\tx")).isEqualTo("\"'\tx\"");
        assertThat(CampaignReports.csv("\r=1")).isEqualTo("\"'\r=1\"");
    }

    @Test
    void otherCellsAreWrittenAsRfc4180() {
        assertThat(CampaignReports.csv("Buy now")).isEqualTo("Buy now");
        assertThat(CampaignReports.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(CampaignReports.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CampaignReports.csv("a=b")).isEqualTo("a=b");
        assertThat(CampaignReports.csv(null)).isEmpty();
    }

    @Test
    void ourE164PhoneColumnKeepsItsPlusAnythingElseThereIsNeutralised() {
        assertThat(CampaignReports.csvPhone("+919812345678")).isEqualTo("+919812345678");
        assertThat(CampaignReports.csvPhone("+1+2")).isEqualTo("\"'+1+2\"");
        assertThat(CampaignReports.csvPhone("=1")).isEqualTo("\"'=1\"");
        assertThat(CampaignReports.csvPhone(null)).isEmpty();
    }
}
