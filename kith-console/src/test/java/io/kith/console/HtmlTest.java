package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void textFillsHolesEscapedAndFragmentsGoInAsTheyAre() {
        Html link = Html.of("<a href=\"/customers/{}\">{}</a>", "p_1\"><script>", "<b>Ann & Bob</b>");
        assertThat(link.toString()).isEqualTo("<a href=\"/customers/p_1&quot;&gt;&lt;script&gt;\">&lt;b&gt;Ann &amp; Bob&lt;/b&gt;</a>");
        assertThat(Html.of("<li>{}</li>", link).toString()).startsWith("<li><a href=");
        assertThat(Html.of("{}{}", null, 42).toString()).isEqualTo("42");
        assertThat(Html.text("it's `x`").toString()).isEqualTo("it&#39;s &#96;x&#96;");
        assertThat(Html.text("a\u0000b").toString()).isEqualTo("a&#xFFFD;b");
    }

    @Test
    void aTemplateMustHaveAsManyHolesAsArguments() {
        assertThatThrownBy(() -> Html.of("{} {}", "one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.of("{}", "one", "two")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachJoinsOneFragmentPerItem() {
        assertThat(Html.each(List.of("a", "<b>"), s -> Html.of("<i>{}</i>", s)).toString()).isEqualTo("<i>a</i><i>&lt;b&gt;</i>");
    }
}
