"""Java-aware three-way merge: member-level merge of Java files, import sets, and the fork's merge rules.

    result = merge_java_file(base, fork, upstream, path="src/main/java/A.java", rules=manifest.rules)
    if not result.clean:
        ...  # result.text has conflict markers; result.conflicts give each member and the reason
"""

from patchkit.javamerge.api import merge_java_file
from patchkit.javamerge.result import FileMerge, MemberConflict
from patchkit.javamerge.textmerge import MergeLabels, merge_text

__all__ = ["FileMerge", "MemberConflict", "MergeLabels", "merge_java_file", "merge_text"]
