package org.eppanama.pipeline;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SentencePiece pieces by id, read from a {@code vocab.txt} / {@code tokens.txt} of "piece id" lines, with
 * the transducer's blank {@code <blk>}. Text is the pieces joined, each word-start mark {@code ▁} (U+2581)
 * turned into a space, without the leading one.
 */
public final class Vocabulary {
    public static final String BLANK = "<blk>";
    static final char WORD_START = '\u2581';

    private final List<String> pieces;
    private final int blank;

    Vocabulary(List<String> pieces) {
        this.pieces = List.copyOf(pieces);
        this.blank = this.pieces.indexOf(BLANK);
        if (blank < 0) {
            throw new ModelFolderException("the vocabulary has no blank token " + BLANK + "; a transducer vocabulary lists it"
                    + " (usually last)");
        }
    }

    public static Vocabulary read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ModelFolderException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ModelFolderException("cannot read " + file + ": " + e, e);
        }
        String[] byId = new String[lines.size()];
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int id;
            try {
                id = space <= 0 ? -1 : Integer.parseInt(line.substring(space + 1).strip());
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0) {
                throw new ModelFolderException(file + " line " + (i + 1) + " is '" + line + "'; expected 'piece id'");
            }
            if (id >= byId.length || byId[id] != null) {
                throw new ModelFolderException(file + " line " + (i + 1) + ": id " + id + (id < byId.length ? " appears twice"
                        : " is beyond the " + count + "+ pieces listed") + "; ids must be 0..n-1, each once");
            }
            byId[id] = line.substring(0, space);
            count++;
        }
        List<String> pieces = new ArrayList<>(Arrays.asList(byId).subList(0, count));
        int missing = pieces.indexOf(null);
        if (missing >= 0) {
            throw new ModelFolderException(file + " has no piece with id " + missing + "; ids must be 0..n-1, each once");
        }
        if (pieces.isEmpty()) {
            throw new ModelFolderException(file + " is empty");
        }
        try {
            return new Vocabulary(pieces);
        } catch (ModelFolderException e) {
            throw new ModelFolderException(file + ": " + e.getMessage());
        }
    }

    /** Pieces, the blank included. */
    public int size() {
        return pieces.size();
    }

    public int blank() {
        return blank;
    }

    public String piece(int id) {
        return pieces.get(id);
    }

    /** The text of a token sequence. */
    public String text(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(pieces.get(id));
        }
        String s = sb.toString().replace(WORD_START, ' ');
        return s.startsWith(" ") ? s.substring(1) : s;
    }
}
