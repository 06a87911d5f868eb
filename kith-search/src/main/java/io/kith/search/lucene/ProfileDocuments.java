package io.kith.search.lucene;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/**
 * The search document of a profile, and the spelling of its terms, shared by indexing and querying so the two cannot
 * disagree. Thread-safe.
 *
 * <p>Fields: {@code id} (stored) and {@code merged_id} (ids merged into it, so an old id finds the survivor);
 * {@code key}, one term per identifier, {@code type + US + lower-cased normalised value}; {@code phone_digits}, every
 * digit spelling of each phone (country code and number, the national significant number, and that with the national
 * prefix: 447700900123, 7700900123, 07700900123); {@code name}, the name traits, tokenised, lower-cased and folded to
 * ASCII; {@code display} (stored); {@code epoch} (a point), the full pass that last wrote the document.
 */
final class ProfileDocuments {
    static final String ID = "id";
    static final String MERGED_ID = "merged_id";
    static final String KEY = "key";
    static final String PHONE_DIGITS = "phone_digits";
    static final String NAME = "name";
    static final String DISPLAY = "display";
    static final String EPOCH = "epoch";

    /** The name traits read, in the spellings the sources use (kith-demo's CRM says first_name and last_name). */
    static final String[] NAME_TRAITS = {"name", "first_name", "last_name", "firstName", "lastName", "full_name", "fullName"};

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final char SEPARATOR = '\u001f';

    private ProfileDocuments() {
    }

    /** The analyzer of names, at index and query time: Unicode word breaks, lower case, accents folded ("Müller" → muller). */
    static Analyzer nameAnalyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
            }

            @Override
            protected TokenStream normalize(String field, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }

    /** The {@code key} term of an identifier: matching is case-insensitive for every type (a card typed in lower case). */
    static String key(String type, String normalisedValue) {
        return type + SEPARATOR + normalisedValue.toLowerCase(Locale.ROOT);
    }

    static Document document(Profile p, long epoch) {
        Document d = new Document();
        d.add(new StringField(ID, p.id(), Field.Store.YES));
        for (String merged : p.mergedFrom()) {
            d.add(new StringField(MERGED_ID, merged, Field.Store.NO));
        }
        for (ProfileIdentifier i : p.identifiers()) {
            d.add(new StringField(KEY, key(i.type(), i.value()), Field.Store.NO));
            if (i.type().equals("phone")) {
                for (String digits : phoneDigits(i.value())) {
                    d.add(new StringField(PHONE_DIGITS, digits, Field.Store.NO));
                }
            }
        }
        for (String trait : NAME_TRAITS) {
            String v = text(p.traits().get(trait));
            if (v != null) {
                d.add(new TextField(NAME, v, Field.Store.NO));
            }
        }
        String display = io.kith.profile.DisplayName.of(p);
        if (display != null) {
            d.add(new StoredField(DISPLAY, display));
        }
        d.add(new LongPoint(EPOCH, epoch));
        return d;
    }

    /**
     * The digit spellings of a phone in E.164 staff may type: with the country code, the national significant number, and
     * that with the national prefix of the number's region.
     */
    static Set<String> phoneDigits(String e164) {
        Set<String> out = new LinkedHashSet<>();
        if (!e164.startsWith("+")) {
            return out;
        }
        out.add(e164.substring(1));
        try {
            Phonenumber.PhoneNumber n = PHONES.parse(e164, "ZZ");
            String national = PHONES.getNationalSignificantNumber(n);
            out.add(national);
            String region = PHONES.getRegionCodeForNumber(n);
            String prefix = region == null ? null : PHONES.getNddPrefixForRegion(region, true);
            if (prefix != null && !prefix.isEmpty()) {
                out.add(prefix + national);
            }
        } catch (NumberParseException e) {
            // E.164 as identity resolution wrote it always parses; the digits with the country code still find it
        }
        return out;
    }

    /** The name to show: the {@code name} trait, else first and last name, else null. */
    private static String text(Trait t) {
        if (t == null) {
            return null;
        }
        JsonNode v = t.value();
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
