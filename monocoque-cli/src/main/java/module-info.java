/** The {@code monocoque} command-line tool. */
module io.monocoque.cli {
    requires io.monocoque;
    requires info.picocli;
    requires HdrHistogram;

    opens io.monocoque.cli to info.picocli;
}
