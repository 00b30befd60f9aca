package io.consentry.cellmove;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** @param cell the cell to move the tenant to: a name from {@code consentry.cells.names}, or the home cell */
public record MoveRequest(@NotBlank @Size(max = 63) String cell) {
}
