from django.db import migrations, models


def create_head(apps, schema_editor):
    apps.get_model("record", "Head").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Event",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField(unique=True, verbose_name="序号")),
                ("at", models.DateTimeField(db_index=True, verbose_name="时间")),
                ("actor", models.CharField(db_index=True, max_length=150, verbose_name="操作人")),
                ("action", models.CharField(db_index=True, max_length=80, verbose_name="操作")),
                ("object_type", models.CharField(blank=True, db_index=True, max_length=80, verbose_name="对象类型")),
                ("object_id", models.CharField(blank=True, max_length=64, verbose_name="对象编号")),
                ("object_repr", models.CharField(blank=True, max_length=200, verbose_name="对象")),
                ("before_digest", models.CharField(blank=True, max_length=64, verbose_name="变更前摘要")),
                ("after_digest", models.CharField(blank=True, max_length=64, verbose_name="变更后摘要")),
                ("details", models.JSONField(blank=True, default=dict, verbose_name="说明")),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
            ],
            options={"ordering": ["id"], "verbose_name": "记实事件", "verbose_name_plural": "记实事件"},
        ),
        migrations.CreateModel(
            name="Head",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
            options={"constraints": [models.CheckConstraint(condition=models.Q(id=1), name="record_head_singleton")]},
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
