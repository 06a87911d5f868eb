package io.kith.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/** Whatever is typed into the box, the search answers, within its limit, without failing. */
class LuceneProfileSearchProperties {
    private static LuceneProfileSearch search;

    private static synchronized LuceneProfileSearch search() throws InterruptedException {
        if (search == null) {
            Identities people = new Identities();
            people.store("""
                    {"type":"identify","userId":"u1","traits":{"email":"a@example.com","phone":"07700 900123","first_name":"Anna","last_name":"Jensen"}}""");
            search = LuceneProfileSearch.start(people.identity, List.of("GB", "US"));
            search.awaitBuilt(Duration.ofSeconds(10));
        }
        return search;
    }

    @AfterContainer
    static void close() {
        if (search != null) {
            search.close();
        }
    }

    @Property(tries = 500)
    void anyInputIsAnsweredWithinTheLimit(@ForAll @StringLength(max = 300) String query) throws InterruptedException {
        assertThat(search().search(query, 3)).hasSizeLessThanOrEqualTo(1);
    }
}
