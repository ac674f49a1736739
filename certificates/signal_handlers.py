"""How certificates hear about the rest of the platform."""


def issue_on_course_completed(sender, user, course, **kwargs):
    """`courses.signals.course_completed` (sent after the completing transaction commits):
    issue the certificate at once, if the course awards one."""
    from .services import issue_certificate

    if getattr(course, "awards_certificate", False):
        issue_certificate(user, course)


def renew_on_quiz_passed(sender, user, quiz, attempt=None, **kwargs):
    """`quizzes.signals.quiz_passed`: passing a course's final quiz (a quiz directly under
    the course) again renews that course's certificate."""
    from courses.models import CoursePage

    from .services import renew_certificate

    parent = quiz.get_parent().specific
    if not isinstance(parent, CoursePage):
        return  # a module's practice quiz
    when = getattr(attempt, "submitted_at", None)
    renew_certificate(user, parent, when=when)


def delete_files_with_certificate(sender, instance, **kwargs):
    """A deleted certificate, however it is deleted, leaves no file behind (once the
    deletion is committed)."""
    from madafe.accounts.personal_data import delete_files_after_commit

    delete_files_after_commit(instance.png.storage, [instance.png.name, instance.pdf.name])
