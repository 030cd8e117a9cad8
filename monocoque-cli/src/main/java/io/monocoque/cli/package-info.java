/**
 * The {@code monocoque} command (picocli). {@link io.monocoque.cli.Main} lists the commands;
 * {@link io.monocoque.cli.PerfCommand} is the README's main job.
 */
package io.monocoque.cli;
