package io.kith.match.propose;

import io.kith.match.Records;
import io.kith.match.block.BlockingRule;
import io.kith.match.block.BlockingRule.Part;
import io.kith.match.block.Transform;
import io.kith.match.compare.Comparison;
import io.kith.match.compare.Prepare;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes comparisons and blocking rules for a table nobody configured: a column's role comes from its name
 * (first_name, surname, dob, postcode, email, ...) or else from its values (dates, numbers, text); columns that are
 * nearly all distinct integers (row numbers), nearly all missing, or excluded (the id and ground-truth columns)
 * are not compared. Blocking rules are strict keys over the roles found, OR'ed, so a pair with typos in several
 * fields is still found by a rule over the fields it got right.
 */
public final class Proposer {
    private static final int SAMPLE = 20_000;

    private Proposer() {
    }

    public static Proposal propose(Records records, Set<String> excluded) {
        List<Comparison> comparisons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Role, String> roles = new EnumMap<>(Role.class);
        for (int c = 0; c < records.columns().size(); c++) {
            String column = records.columns().get(c);
            if (excluded.contains(column) || excluded.contains(column.strip())) {
                notes.add(column.strip() + ": not compared (id or ground truth)");
                continue;
            }
            Stats stats = Stats.of(records, c);
            if (stats.present < Math.max(1, stats.sampled / 100)) {
                notes.add(column.strip() + ": not compared (missing in " + (stats.sampled - stats.present) + " of " + stats.sampled + " rows)");
                continue;
            }
            Role role = Role.byName(column);
            String why = "by its name";
            if (role == null) {
                role = stats.sniff();
                why = "by its values";
                if (role == null) {
                    notes.add(column.strip() + ": not compared (distinct integers in every row: a row number?)");
                    continue;
                }
            }
            if (role == Role.FULL_NAME && roles.containsKey(Role.GIVEN_NAME)) {
                role = Role.TEXT;
            }
            roles.putIfAbsent(role, column);
            Comparison comparison = role.comparison(column);
            comparisons.add(new Comparison(column.strip(), column, comparison.prepare(), comparison.levels(), comparison.termFrequency()));
            notes.add(column.strip() + ": " + role.name().toLowerCase(java.util.Locale.ROOT) + " " + why + "; levels "
                    + comparison.levels().stream().map(l -> l.label()).toList() + (comparison.termFrequency() ? ", term-frequency adjusted" : ""));
            if (comparisons.size() == io.kith.match.estimate.Patterns.MAX_COMPARISONS) {
                notes.add("at most " + comparisons.size() + " comparisons; the remaining columns are not compared");
                break;
            }
        }
        swapNames(roles, comparisons, notes);
        List<BlockingRule> blocking = blocking(roles, comparisons, records);
        return new Proposal(comparisons, blocking, notes);
    }

    /** With both a given name and a surname, each is also compared with the other record's other name. */
    private static void swapNames(Map<Role, String> roles, List<Comparison> comparisons, List<String> notes) {
        String given = roles.get(Role.GIVEN_NAME);
        String surname = roles.get(Role.SURNAME);
        if (given == null || surname == null) {
            return;
        }
        for (int c = 0; c < comparisons.size(); c++) {
            String column = comparisons.get(c).column();
            if (column.equals(given) || column.equals(surname)) {
                Comparison plain = comparisons.get(c);
                comparisons.set(c, new Comparison(plain.name(), column, plain.prepare(), plain.levels(), plain.termFrequency(),
                        column.equals(given) ? surname : given));
            }
        }
        notes.add(given.strip() + ", " + surname.strip() + ": each also compared with the other name of the other record (swapped names)");
    }

    private static List<BlockingRule> blocking(Map<Role, String> roles, List<Comparison> comparisons, Records records) {
        Set<BlockingRule> rules = new LinkedHashSet<>();
        String given = roles.get(Role.GIVEN_NAME);
        String surname = roles.get(Role.SURNAME);
        String full = roles.get(Role.FULL_NAME);
        String dob = roles.getOrDefault(Role.DATE_OF_BIRTH, roles.get(Role.DATE));
        String year = roles.get(Role.BIRTH_YEAR);
        String month = roles.get(Role.BIRTH_MONTH);
        String day = roles.get(Role.BIRTH_DAY);
        String postcode = roles.get(Role.POSTCODE);
        String city = roles.get(Role.CITY);
        String street = roles.get(Role.STREET);
        // strong identifiers alone
        for (Role r : List.of(Role.ID_NUMBER, Role.EMAIL, Role.PHONE)) {
            if (roles.containsKey(r)) {
                rules.add(rule(new Part(roles.get(r), r == Role.PHONE ? Transform.DIGITS : Transform.EXACT)));
            }
        }
        /*
         * Rules that find namesakes as well as the people they are meant for (this one and a name's soundex alone). Until
         * EM's sessions left out the comparisons a key forces (Matcher.FORCED_SHARE) they were proposed only for tables
         * of up to 100,000 records: at 1,000,000 synthetic records (bench seed 7) they cut link precision from 0.79 to
         * 0.17 (links F1 0.86 to 0.29). With the forced comparisons left out, the 1,000,000-record table with them reaches
         * links F1 0.947 (precision 0.951).
         */
        if (roles.containsKey(Role.EMAIL)) {
            /*
             * The local part and the domain's initial: it survives a misspelt domain ("gabriel.t54@nichols.info" /
             * "gabriel.t54@nnichls.info"), which usually keeps its first letter, but not a different provider. Two
             * people of the same name at two providers share a local part ("olivia.anderson@") and are usually not one
             * person: on the synthetic 100,000-record bench the local part alone made 230,000 candidate pairs (the
             * e-mail 55,000) and cut link precision from 0.91 to 0.82-0.85; on fake_1000 the initial costs 5 of the 50 true
             * pairs the local part alone finds.
             */
            rules.add(rule(new Part(roles.get(Role.EMAIL), Transform.LOCAL_PART), new Part(roles.get(Role.EMAIL), Transform.DOMAIN_INITIAL)));
        }
        if (dob != null) {
            rules.add(rule(new Part(dob, Transform.EXACT)));
        } else if (year != null && month != null && day != null) {
            rules.add(rule(new Part(year, Transform.EXACT), new Part(month, Transform.EXACT), new Part(day, Transform.EXACT)));
        }
        String first = given != null ? given : full;
        if (first != null && surname != null) {
            // in any order: given name and surname are sometimes written in each other's place
            rules.add(BlockingRule.anyOrder(new Part(surname, Transform.SOUNDEX), new Part(first, Transform.SOUNDEX)));
            rules.add(rule(new Part(first, Transform.EXACT), new Part(surname, Transform.INITIAL)));
        } else if (first != null) {
            rules.add(rule(new Part(first, Transform.SOUNDEX)));
        }
        // a name part with the birth date part that is most often right
        for (String name : new String[] {surname, first}) {
            if (name == null) {
                continue;
            }
            if (dob != null) {
                rules.add(rule(new Part(name, Transform.INITIAL), new Part(dob, Transform.YEAR)));
                rules.add(rule(new Part(name, Transform.INITIAL), new Part(dob, Transform.MONTH_DAY)));
            } else if (year != null) {
                rules.add(rule(new Part(name, Transform.INITIAL), new Part(year, Transform.EXACT)));
                if (month != null && day != null) {
                    rules.add(rule(new Part(name, Transform.INITIAL), new Part(month, Transform.EXACT), new Part(day, Transform.EXACT)));
                }
            }
            if (postcode != null) {
                rules.add(rule(new Part(name, Transform.INITIAL), new Part(postcode, Transform.EXACT)));
            }
            if (city != null) {
                rules.add(rule(new Part(name, Transform.PREFIX3), new Part(city, Transform.EXACT)));
            }
        }
        if (postcode != null && street != null) {
            rules.add(rule(new Part(postcode, Transform.EXACT), new Part(street, Transform.PREFIX3)));
        }
        // loose rules, last: kept only on tables small enough for them (see MatchSettings.maxPairsPerRecord)
        for (String name : new String[] {surname, first}) {
            if (name != null) {
                rules.add(rule(new Part(name, Transform.EXACT)));
                rules.add(rule(new Part(name, Transform.SOUNDEX)));
            }
        }
        if (dob != null) {
            rules.add(rule(new Part(dob, Transform.YEAR), new Part(dob, Transform.MONTH_DAY)));
            if (city != null) {
                rules.add(rule(new Part(city, Transform.EXACT), new Part(dob, Transform.YEAR)));
            }
        }
        if (rules.isEmpty()) {
            // nothing recognised: the first two compared columns, exactly, each alone
            for (int c = 0; c < Math.min(2, comparisons.size()); c++) {
                rules.add(rule(new Part(comparisons.get(c).column(), Transform.EXACT)));
            }
        }
        long pairs = (long) records.size() * (records.size() - 1) / 2;
        if (pairs <= io.kith.match.MatchSettings.EVERY_PAIR_UP_TO) {
            // a table this small is compared whole: the rules above still pick the pairs EM trains on
            rules.add(BlockingRule.EVERY_PAIR);
        }
        return List.copyOf(rules);
    }

    private static BlockingRule rule(Part... parts) {
        return new BlockingRule(List.of(parts));
    }

    /** What a sample of a column's values looks like. */
    private record Stats(int sampled, int present, int dates, int numbers, int integers, int distinct, double meanLength) {
        static Stats of(Records records, int column) {
            int n = Math.min(records.size(), SAMPLE);
            int present = 0;
            int dates = 0;
            int numbers = 0;
            int integers = 0;
            long length = 0;
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String v = Prepare.TEXT.apply(records.value(i, column));
                if (v == null) {
                    continue;
                }
                present++;
                length += v.length();
                distinct.add(v);
                if (v.matches("-?\\d+")) {
                    integers++;
                    numbers++;
                } else if (v.matches("-?\\d*\\.\\d+")) {
                    numbers++;
                }
                if (!v.matches("\\d{1,7}") && Prepare.DATE.apply(v) != null) {
                    dates++;
                }
            }
            return new Stats(n, present, dates, numbers, integers, distinct.size(), present == 0 ? 0 : (double) length / present);
        }

        Role sniff() {
            if (dates >= 0.9 * present) {
                return Role.DATE;
            }
            if (integers == present && distinct == present && present > 20) {
                return null;
            }
            if (numbers >= 0.9 * present) {
                return Role.NUMBER;
            }
            return Role.TEXT;
        }
    }
}
