package io.kith.cli.transactions;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.List;
import java.util.Locale;

/**
 * Which columns of a transactions file hold what, by index: named on the command line, or recognised by their
 * usual names ({@code CustomerID}, {@code customer_id}, {@code InvoiceDate}, {@code TotalPrice}, {@code InvoiceNo},
 * ...), compared without case, spaces, dashes or underscores.
 *
 * @param amount   the amount column, or -1 when the amount is {@code quantity × price}
 * @param quantity with {@code price}, the columns whose product is the amount; -1 when {@code amount} is used
 * @param order    -1 when the file has no order column: every row is an order of its own
 * @param brand    -1 when no brand column is used
 */
public record TransactionColumns(List<String> header, int customer, int date, int amount, int quantity, int price, int order, int brand) {
    /** The columns named on the command line; null: recognise it. */
    public record Names(String customer, String date, String amount, String quantity, String price, String order, String brand) {
    }

    static final List<String> CUSTOMER = List.of("customerid", "customer", "custid", "clientid", "client", "userid");
    static final List<String> DATE = List.of("invoicedate", "orderdate", "transactiondate", "purchasedate", "date", "datetime",
            "timestamp", "createdat");
    static final List<String> AMOUNT = List.of("totalprice", "amount", "revenue", "totalamount", "ordertotal", "total", "sales",
            "netamount", "value", "monetary");
    static final List<String> ORDER = List.of("invoiceno", "invoice", "invoiceid", "invoicenumber", "orderid", "order", "orderno",
            "ordernumber", "transactionid");
    static final List<String> QUANTITY = List.of("quantity", "qty");
    static final List<String> PRICE = List.of("unitprice", "price");
    static final List<String> BRAND = List.of("brand");

    /**
     * Finds the columns in a header.
     *
     * @param file      names the file in error messages
     * @param wantBrand a brand filter is asked for, so a brand column must be found
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} naming the column not found and listing the header
     */
    public static TransactionColumns find(List<String> header, Names names, boolean wantBrand, String file) {
        int customer = required(header, names.customer(), CUSTOMER, "customer id", "--customer-column", file);
        int date = required(header, names.date(), DATE, "date", "--date-column", file);
        int amount = -1;
        int quantity = -1;
        int price = -1;
        boolean productAsked = names.quantity() != null || names.price() != null;
        if (names.amount() != null || !productAsked) {
            amount = names.amount() != null ? named(header, names.amount(), "--amount-column", file) : recognised(header, AMOUNT);
        }
        if (amount < 0) {
            quantity = names.quantity() != null ? named(header, names.quantity(), "--quantity-column", file) : recognised(header, QUANTITY);
            price = names.price() != null ? named(header, names.price(), "--price-column", file) : recognised(header, PRICE);
            if (quantity < 0 || price < 0) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, file + " has no amount column (looked for " + shown(AMOUNT)
                        + ", or a quantity and a unit price); name it with --amount-column, or --quantity-column and --price-column. "
                        + "Its header: " + String.join(", ", header));
            }
        }
        int order = names.order() != null ? named(header, names.order(), "--order-column", file) : recognised(header, ORDER);
        int brand = -1;
        if (names.brand() != null) {
            brand = named(header, names.brand(), "--brand-column", file);
        } else if (wantBrand) {
            brand = required(header, null, BRAND, "brand", "--brand-column", file);
        }
        return new TransactionColumns(List.copyOf(header), customer, date, amount, quantity, price, order, brand);
    }

    /** "customer=CustomerID date=InvoiceDate amount=TotalPrice order=InvoiceNo", for the report. */
    public String describe() {
        StringBuilder sb = new StringBuilder("customer=" + header.get(customer) + " date=" + header.get(date));
        sb.append(amount >= 0 ? " amount=" + header.get(amount) : " amount=" + header.get(quantity) + "×" + header.get(price));
        sb.append(order >= 0 ? " order=" + header.get(order) : " order=(none: each row is an order)");
        if (brand >= 0) {
            sb.append(" brand=").append(header.get(brand));
        }
        return sb.toString();
    }

    private static int required(List<String> header, String name, List<String> usual, String what, String option, String file) {
        if (name != null) {
            return named(header, name, option, file);
        }
        int i = recognised(header, usual);
        if (i < 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, file + " has no " + what + " column (looked for " + shown(usual)
                    + "); name it with " + option + ". Its header: " + String.join(", ", header));
        }
        return i;
    }

    /** A column named on the command line: exactly as written, else the only one equal to it ignoring case. */
    private static int named(List<String> header, String name, String option, String file) {
        int exact = header.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        List<Integer> folded = java.util.stream.IntStream.range(0, header.size()).filter(i -> header.get(i).equalsIgnoreCase(name))
                .boxed().toList();
        if (folded.size() == 1) {
            return folded.getFirst();
        }
        throw new KithException(ErrorCode.INVALID_ARGUMENT, option + " " + name + ": " + file + " has no such column. Its header: "
                + String.join(", ", header));
    }

    /** The first column, in the order of {@code usual}, whose folded name is one of them; -1 when none is. */
    private static int recognised(List<String> header, List<String> usual) {
        for (String u : usual) {
            for (int i = 0; i < header.size(); i++) {
                if (fold(header.get(i)).equals(u)) {
                    return i;
                }
            }
        }
        return -1;
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]", "");
    }

    private static String shown(List<String> usual) {
        return String.join(", ", usual);
    }
}
