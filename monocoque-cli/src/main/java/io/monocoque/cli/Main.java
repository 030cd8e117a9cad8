package io.monocoque.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code monocoque} command. */
@Command(name = "monocoque", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Monocoque: pure-Java ZeroMQ (ZMTP 3.1).%n",
        subcommands = {PerfCommand.class, SendCommand.class, RecvCommand.class, ProxyCommand.class, KeygenCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"%nExamples:%n  bin/monocoque perf        # in-process PUSH/PULL and REQ/REP over tcp loopback%n"
                + "  bin/monocoque recv -t PULL -b tcp://127.0.0.1:5555 --count 1 &%n"
                + "  bin/monocoque send -t PUSH -c tcp://127.0.0.1:5555 hello"})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("monocoque " + cmd.getCommandName() + ": " + ex.getMessage()
                            + " (see: monocoque " + cmd.getCommandName() + " --help)");
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"monocoque " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
