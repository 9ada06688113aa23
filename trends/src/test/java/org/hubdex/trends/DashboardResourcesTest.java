package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard page loads what the jar serves: its own files and the ECharts version the POM pins. */
class DashboardResourcesTest {

    @Test
    void everyScriptAndStylesheetThePageNamesIsOnTheClasspath() throws IOException {
        String html = read("org/hubdex/trends/dashboard/index.html");
        Matcher m = Pattern.compile("(?:src|href)=\"/([^\"]+)\"").matcher(html);
        int found = 0;
        while (m.find()) {
            String path = m.group(1);
            String resource = path.startsWith("webjars/") ? "META-INF/resources/" + path : "org/hubdex/trends/dashboard/" + path;
            assertThat(getClass().getClassLoader().getResource(resource)).as("%s served from %s", path, resource).isNotNull();
            found++;
        }
        assertThat(found).isEqualTo(3);
        assertThat(html).contains("webjars/echarts/" + System.getProperty("hubdex.echarts.version", "5.3.1") + "/dist/echarts.min.js");
    }

    private String read(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
