package io.junction.adapter.edi;

import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import java.util.List;

/** An interchange the hub refuses as a whole: the problems, each naming its segment, position and element. */
public class EdiRejected extends ProblemException {

    private final transient List<EdiError> problems;

    public EdiRejected(List<EdiError> problems) {
        super(
                422,
                "Unprocessable interchange",
                problems.size() + " problem(s), first: " + problems.get(0).describe(),
                problems.stream()
                        .map(p -> new FieldError(p.where(), p.problem()))
                        .toList());
        this.problems = List.copyOf(problems);
    }

    public List<EdiError> problems() {
        return problems;
    }
}
