"""Gold cases by class for figure extraction and page furniture, with the metric that scores them.

Sentences are written for this project in the wording of news copy; none is taken from an article
or from another parser's test suite."""
