package io.kith.search.lucene;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityProjection;
import io.kith.projection.CatchUp;
import io.kith.search.ProfileSearch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The customer lookup of the console: a Lucene index of every live profile, kept current from identity's change feed.
 * One query string is tried as every kind of thing staff type: as a value of each identifier type, normalised as
 * identity resolution normalises it (an email in any case; a phone read with each source region), as the digits of a
 * phone in any spelling ({@code 07700 900123}, {@code +44 7700 900123}, {@code 447700900123}), as a profile id (an id
 * merged away finds the survivor), and as a name, with typos. Exact identifier and id matches score 100 (a phone's
 * other spellings 90), above every name match (below 10).
 *
 * <p>Names: each word of the query must match a word of the profile's name traits ({@value ProfileDocuments#NAME}
 * field: Unicode word breaks, lower case, accents folded), exactly (best), as a prefix ("Jen" finds Jensen), or within
 * an edit distance of 2 for words of 5 letters or more and 1 for words of 3 or 4, transpositions counting as one
 * ("Jensne" finds Jensen; "jon smith" finds John Smith). Queries with an {@code @} or no letters are not names.
 *
 * <p>Wiring: {@link #start(IdentityProjection, List)} subscribes to {@code identity.changes()}, and returns at once;
 * the index's thread writes every live profile (reading the graph in chunks under the read lock), then follows the
 * feed, making each batch searchable as soon as it is written (about a millisecond after the change is published when
 * idle). Searches meanwhile answer from what is indexed so far; {@link #awaitBuilt} waits for the first pass. {@link
 * #close()} unsubscribes, stops the thread and frees the index. The index is derived and rebuilt at every start, so it
 * is never committed.
 *
 * <pre>{@code
 * LuceneProfileSearch search = LuceneProfileSearch.start(identity, List.of("GB"));   // the sources' default regions
 * List<ProfileSearch.Hit> hits = search.search("Jensne", 20);
 * search.close();
 * }</pre>
 *
 * <p>Thread-safe: any number of threads search at once (each on the searcher current when it starts). Queries longer
 * than {@value #MAX_QUERY_CHARS} characters find nothing; Lucene query syntax means nothing here (no query parser is
 * involved). Identifier values are never logged.
 */
public final class LuceneProfileSearch implements ProfileSearch {
    /** Longer queries find nothing: no email, phone, card or name is this long. */
    public static final int MAX_QUERY_CHARS = 256;
    private static final int MAX_LIMIT = 1_000;
    private static final int MAX_NAME_WORDS = 6;
    /** Longer words are matched exactly only: a fuzzy automaton over them costs more than it finds. */
    private static final int MAX_FUZZY_WORD = 32;
    private static final float EXACT = 100f;
    private static final float PHONE_SPELLING = 90f;
    private static final float NAME_CEILING = 10f;
    private static final Pattern PROFILE_ID = Pattern.compile("p_[0-9a-z]{1,13}");
    private static final Pattern PHONE_CHARACTERS = Pattern.compile("[\\s().\\-/]+");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{6,17}");

    private final IdentityProjection identity;
    private final List<String> regions;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final ProfileIndexer indexer;
    private final Thread thread;
    private final AutoCloseable subscription;
    /** Identifier types the index holds values of: a query is tried as each. */
    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LuceneProfileSearch(IdentityProjection identity, List<String> regions, Directory directory,
                                CatchUp catchUp) throws IOException {
        this.identity = identity;
        this.regions = regions;
        this.directory = directory;
        this.analyzer = ProfileDocuments.nameAnalyzer();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(64).setCommitOnClose(false);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
        this.indexer = new ProfileIndexer(identity, writer, searchers, types, catchUp);
        // Subscribed before the first pass reads the graph, so no change falls between the two.
        this.subscription = identity.changes().subscribe(indexer::offer);
        this.thread = Thread.ofPlatform().name("kith-search-index").daemon().start(indexer);
    }

    /**
     * Starts a search index held on the heap ({@link ByteBuffersDirectory}): see docs/benchmarks.md for why memory is
     * the default. {@code regions}: the default regions of the sources, to read phone numbers written without a country
     * code (the digit spellings of a phone are found without them).
     */
    public static LuceneProfileSearch start(IdentityProjection identity, List<String> regions) {
        return start(identity, regions, CatchUp.NEVER);
    }

    /**
     * As {@link #start(IdentityProjection, List)}; while {@code catchUp} says the projector is far behind its log, the
     * changes wait for it to catch up (at most {@link CatchUp#maxHold()}) instead of being written after each batch.
     */
    public static LuceneProfileSearch start(IdentityProjection identity, List<String> regions, CatchUp catchUp) {
        try {
            return new LuceneProfileSearch(identity, List.copyOf(new LinkedHashSet<>(regions)), new ByteBuffersDirectory(), catchUp);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "search index: could not open an in-memory index", e);
        }
    }

    /** As {@link #start(IdentityProjection, List)}, with the index in files under {@code directory} (memory-mapped; replaced at start). */
    public static LuceneProfileSearch start(IdentityProjection identity, List<String> regions, Path directory) {
        try {
            return new LuceneProfileSearch(identity, List.copyOf(new LinkedHashSet<>(regions)), FSDirectory.open(directory), CatchUp.NEVER);
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "search index: could not open an index in " + directory, e);
        }
    }

    /** Waits for the first pass over every profile; false if it did not end within {@code timeout}. */
    public boolean awaitBuilt(Duration timeout) throws InterruptedException {
        return indexer.await(indexer::built, timeout);
    }

    /** Waits until the feed's changes up to store sequence {@code sequence} are searchable; false on timeout. */
    public boolean awaitIndexed(long sequence, Duration timeout) throws InterruptedException {
        return indexer.await(() -> indexer.built() && indexer.indexedThrough() >= sequence, timeout);
    }

    /** The store sequence up to which identity's changes are searchable (-1 before the first pass ends). */
    public long indexedThrough() {
        return indexer.indexedThrough();
    }

    /** Index passes written so far (tests: while the projector catches up, one a second). */
    long passes() {
        return indexer.passes();
    }

    /** Profiles in the searchable index. */
    public int documents() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    /** Bytes of the index's files (on the heap for the in-memory index). */
    public long indexBytes() {
        try {
            long total = 0;
            for (String f : directory.listAll()) {
                try {
                    total += directory.fileLength(f);
                } catch (IOException gone) {
                    // merged away meanwhile
                }
            }
            return total;
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "search index: could not list its files", e);
        }
    }

    @Override
    public List<Hit> search(String query, int limit) {
        if (query == null || limit <= 0 || closed) {
            return List.of();
        }
        String q = query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY_CHARS) {
            return List.of();
        }
        int n = Math.min(limit, MAX_LIMIT);
        Map<String, Hit> found = new HashMap<>();
        withSearcher(s -> {
            StoredFields stored = s.storedFields();
            for (Exact e : exactQueries(q)) {
                for (ScoreDoc d : s.search(e.query(), n).scoreDocs) {
                    add(found, stored, d.doc, e.matched(), e.score());
                }
            }
            Query names = nameQuery(q);
            if (names != null) {
                for (ScoreDoc d : s.search(names, n).scoreDocs) {
                    add(found, stored, d.doc, "name", NAME_CEILING * d.score / (d.score + 1f));
                }
            }
            return null;
        });
        List<Hit> hits = new ArrayList<>(found.values());
        hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::profileId));
        return hits.size() > n ? List.copyOf(hits.subList(0, n)) : List.copyOf(hits);
    }

    private static void add(Map<String, Hit> found, StoredFields stored, int doc, String matched, float score) throws IOException {
        var d = stored.document(doc);
        String id = d.get(ProfileDocuments.ID);
        Hit before = found.get(id);
        if (before == null || before.score() < score) {
            found.put(id, new Hit(id, d.get(ProfileDocuments.DISPLAY), matched, score));
        }
    }

    private record Exact(Query query, String matched, float score) {
    }

    /** The query as a profile id, as a value of each identifier type the index holds, and as the digits of a phone. */
    private List<Exact> exactQueries(String q) {
        List<Exact> out = new ArrayList<>();
        String lower = q.toLowerCase(Locale.ROOT);
        if (PROFILE_ID.matcher(lower).matches()) {
            out.add(new Exact(either(List.of(new Term(ProfileDocuments.ID, lower), new Term(ProfileDocuments.MERGED_ID, lower))), "profile_id", EXACT));
        }
        for (String type : new TreeSet<>(types)) {
            Set<Term> terms = new LinkedHashSet<>();
            normalize(type, q, null).ifPresent(i -> terms.add(new Term(ProfileDocuments.KEY, ProfileDocuments.key(type, i.value()))));
            for (String region : regions) {
                normalize(type, q, region).ifPresent(i -> terms.add(new Term(ProfileDocuments.KEY, ProfileDocuments.key(type, i.value()))));
            }
            if (!terms.isEmpty()) {
                out.add(new Exact(either(terms), type, EXACT));
            }
        }
        String digits = PHONE_CHARACTERS.matcher(q).replaceAll("");
        if (DIGITS.matcher(digits).matches()) {
            digits = digits.startsWith("+") ? digits.substring(1) : digits.startsWith("00") ? digits.substring(2) : digits;
            out.add(new Exact(new TermQuery(new Term(ProfileDocuments.PHONE_DIGITS, digits)), "phone", PHONE_SPELLING));
        }
        return out;
    }

    private Optional<Identifier> normalize(String type, String value, String region) {
        try {
            return identity.normalize(type, value, region);
        } catch (RuntimeException unreadable) {
            // a value a type's normalisation cannot read is simply not that type
            return Optional.empty();
        }
    }

    private static Query either(Iterable<Term> terms) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Term t : terms) {
            b.add(new ConstantScoreQuery(new TermQuery(t)), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /**
     * Every word must match a name word: exactly (boosted most), as a prefix, or within the edit distance its length
     * allows. A prefix length of 0 keeps a typo in the first letter findable; the term dictionary of names is small.
     */
    private Query nameQuery(String q) {
        if (q.indexOf('@') >= 0) {
            return null;
        }
        List<String> words = nameWords(q);
        if (words.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String w : words) {
            BooleanQuery.Builder one = new BooleanQuery.Builder();
            Term t = new Term(ProfileDocuments.NAME, w);
            one.add(new BoostQuery(new TermQuery(t), 4f), BooleanClause.Occur.SHOULD);
            if (w.length() >= 2) {
                one.add(new BoostQuery(new PrefixQuery(t), 1.5f), BooleanClause.Occur.SHOULD);
            }
            if (w.length() >= 3 && w.length() <= MAX_FUZZY_WORD) {
                one.add(new FuzzyQuery(t, w.length() >= 5 ? 2 : 1, 0, 50, true), BooleanClause.Occur.SHOULD);
            }
            all.add(one.build(), BooleanClause.Occur.MUST);
        }
        return all.build();
    }

    /** The query's words as the name analyzer reads them, those of letters only (a word with digits is no name). */
    private List<String> nameWords(String q) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(ProfileDocuments.NAME, q)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (w.chars().allMatch(c -> Character.isLetter(c) || c == '\'')) {
                    if (out.size() == MAX_NAME_WORDS) {
                        break;
                    }
                    out.add(w);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "search: could not read the query's words", e);
        }
        return out;
    }

    private interface SearcherFunction<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearcherFunction<T> f) {
        IndexSearcher s;
        try {
            s = searchers.acquire();
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            throw new KithException(ErrorCode.INTERNAL, "search index is closed or failed", e);
        }
        try {
            return f.apply(s);
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "search index: a search failed", e);
        } finally {
            try {
                searchers.release(s);
            } catch (IOException e) {
                // releasing only decrements a reference count; a failure leaves nothing to do
            }
        }
    }

    /** Unsubscribes from the feed, stops the index's thread and frees the index. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            subscription.close();
        } catch (Exception e) {
            // removing a subscriber from a list does not fail
        }
        indexer.close();
        try {
            thread.join(Duration.ofSeconds(10));
            searchers.close();
            writer.rollback(); // derived and rebuilt at every start: nothing to commit
            directory.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "search index: closing failed", e);
        }
    }
}
